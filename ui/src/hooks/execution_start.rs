//! Starting an execution from a confirmation (an offboarding, a move): one request at a time,
//! a refusal kept to show in the dialog, and the new execution opened once it exists.

use std::future::Future;

use hyopps_contract::{ExecutionDetail, WireError};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::{use_router, RouterContext};

use crate::route::AppRoute;

#[derive(Clone)]
pub struct ExecutionStart {
    busy: UseStateHandle<bool>,
    error: UseStateHandle<Option<WireError>>,
    router: Option<RouterContext<AppRoute>>,
}

#[hook]
pub fn use_execution_start() -> ExecutionStart {
    ExecutionStart {
        busy: use_state_eq(|| false),
        error: use_state_eq(|| None),
        router: use_router::<AppRoute>(),
    }
}

impl ExecutionStart {
    pub fn is_busy(&self) -> bool {
        *self.busy
    }

    /// Why the last start was refused, if it was.
    pub fn error(&self) -> Option<WireError> {
        (*self.error).clone()
    }

    pub fn clear(&self) {
        self.error.set(None);
    }

    /// Sends `start` unless a start is under way; opens the execution it answers with.
    pub fn run(&self, start: impl Future<Output = Result<ExecutionDetail, WireError>> + 'static) {
        if *self.busy {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        let this = self.clone();
        spawn_local(async move {
            let result = start.await;
            this.busy.set(false);
            match result {
                Ok(detail) => {
                    if let Some(router) = &this.router {
                        router.push(AppRoute::execution(detail.summary.id));
                    }
                }
                Err(e) => this.error.set(Some(e)),
            }
        });
    }
}
