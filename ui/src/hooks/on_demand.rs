//! A read the person asks for with a button (a preview, an access check): nothing is fetched
//! until they click; the answer (or the backend's refusal) is kept until the next ask or
//! `clear`.

use std::future::Future;

use hyopps_contract::WireError;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct OnDemand<T: PartialEq> {
    pub answer: Option<Result<T, WireError>>,
    pub pending: bool,
    answer_state: UseStateHandle<Option<Result<T, WireError>>>,
    pending_state: UseStateHandle<bool>,
}

impl<T: Clone + PartialEq + 'static> OnDemand<T> {
    /// Runs `read` and keeps its answer; a second ask while one is pending is ignored.
    pub fn ask<Fut>(&self, read: Fut)
    where
        Fut: Future<Output = Result<T, WireError>> + 'static,
    {
        if *self.pending_state {
            return;
        }
        self.pending_state.set(true);
        let (answer, pending) = (self.answer_state.clone(), self.pending_state.clone());
        spawn_local(async move {
            let result = read.await;
            pending.set(false);
            answer.set(Some(result));
        });
    }

    /// Forgets the answer (what it answered has changed).
    pub fn clear(&self) {
        self.answer_state.set(None);
    }
}

#[hook]
pub fn use_on_demand<T: Clone + PartialEq + 'static>() -> OnDemand<T> {
    let answer_state = use_state_eq(|| None::<Result<T, WireError>>);
    let pending_state = use_state_eq(|| false);
    OnDemand {
        answer: (*answer_state).clone(),
        pending: *pending_state,
        answer_state,
        pending_state,
    }
}
