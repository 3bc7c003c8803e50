//! One form's round trip to the backend, the same for every form that sends (sign-in, the new
//! password, completing a step by hand, the organisation detail's cards, the user's details and
//! password): busy while it runs (one at a time), then either done or refused with the
//! backend's error and its field errors.

use std::future::Future;

use hyopps_contract::WireError;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::state::FieldErrors;

#[derive(Clone)]
pub struct Submission {
    pending: UseStateHandle<bool>,
    done: UseStateHandle<bool>,
    error: UseStateHandle<Option<WireError>>,
    fields: UseStateHandle<FieldErrors>,
}

#[hook]
pub fn use_submission() -> Submission {
    Submission {
        pending: use_state_eq(|| false),
        done: use_state_eq(|| false),
        error: use_state_eq(|| None),
        fields: use_state_eq(FieldErrors::new),
    }
}

impl Submission {
    pub fn is_pending(&self) -> bool {
        *self.pending
    }

    /// The last submission went through (and nothing was edited since).
    pub fn is_done(&self) -> bool {
        *self.done
    }

    /// The backend's refusal, for the alert above the buttons.
    pub fn error(&self) -> Option<WireError> {
        (*self.error).clone()
    }

    /// The message under the field named like the request's field.
    pub fn field(&self, name: &str) -> Option<AttrValue> {
        self.fields.get(name).map(|m| AttrValue::from(m.to_owned()))
    }

    /// The form's own checks refused it: messages under the fields, nothing sent.
    pub fn refuse(&self, errors: FieldErrors) {
        self.done.set(false);
        self.error.set(None);
        self.fields.set(errors);
    }

    /// Something before the sending failed (a native dialog): shown like a refusal.
    pub fn fail(&self, error: WireError) {
        self.done.set(false);
        self.fields.set(FieldErrors::from_wire(&error));
        self.error.set(Some(error));
    }

    /// Something was edited: an earlier "Saved." no longer describes what is shown.
    pub fn edited(&self) {
        self.done.set(false);
    }

    /// Forgets the outcome (a form that closes or starts over).
    pub fn clear(&self) {
        self.done.set(false);
        self.error.set(None);
        self.fields.set(FieldErrors::new());
    }

    /// Sends once (a second press while it runs does nothing) and hands the answer to `on_ok`.
    pub fn run<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, WireError>> + 'static,
        on_ok: impl FnOnce(T) + 'static,
    ) {
        if *self.pending {
            return;
        }
        self.pending.set(true);
        self.clear();
        let this = self.clone();
        spawn_local(async move {
            let result = call.await;
            this.pending.set(false);
            match result {
                Ok(answer) => {
                    this.done.set(true);
                    on_ok(answer);
                }
                Err(error) => {
                    this.fields.set(FieldErrors::from_wire(&error));
                    this.error.set(Some(error));
                }
            }
        });
    }
}
