//! A screen's value from the backend: loaded when its inputs change, reloaded on request (the
//! person asked) or refreshed (an event said it changed), replaced by an action's answer and then
//! confirmed by a fresh load.
//! Only the newest answer is kept, so a slow old request never overwrites a newer one.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use hyopps_contract::{Activity, WireError};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::state::Async;

pub struct UseLoad<T> {
    pub state: Async<T>,
    /// Loads again, keeping what is shown until the answer is there (the person asked: "Try
    /// again").
    pub reload: Callback<()>,
    /// Loads again because an engine event said it changed: the same as `reload`, but the
    /// backend does not count it as the person's activity (see [`Activity`]).
    pub refresh: Callback<()>,
    /// Shows a value that came another way (the answer of an action on it), unless it is older
    /// than the newest one loaded (see [`use_ordered_live_load`]); loads again either way.
    pub set: Callback<T>,
}

/// Loads `load(deps)` whenever `deps` changes (showing the spinner meanwhile).
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, load: F) -> UseLoad<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, WireError>> + 'static,
{
    use_live_load(deps, move |deps, _activity| load(deps))
}

/// Like [`use_load`], for a screen that also refreshes on engine events: `load` is told whether
/// the person asked or the screen refreshes itself, and passes that on to the backend.
#[hook]
pub fn use_live_load<T, D, F, Fut>(deps: D, load: F) -> UseLoad<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D, Activity) -> Fut + 'static,
    Fut: Future<Output = Result<T, WireError>> + 'static,
{
    use_ordered_live_load(deps, load, |_, _| false)
}

/// Like [`use_live_load`], for a value whose versions can be ordered: `is_older(answer, newest)`
/// says an action's answer is older than the newest value loaded (drawn or about to be). The
/// backend's work goes on while an answer travels, and an event's reload can bring a later
/// state first; that answer is then not shown, so the screen never goes back in time.
#[hook]
pub fn use_ordered_live_load<T, D, F, Fut>(
    deps: D,
    load: F,
    is_older: fn(&T, &T) -> bool,
) -> UseLoad<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D, Activity) -> Fut + 'static,
    Fut: Future<Output = Result<T, WireError>> + 'static,
{
    let state = use_state_eq(Async::<T>::default);
    // The value most recently loaded or set, which the screen may not have drawn yet.
    let newest = use_mut_ref(|| None::<T>);
    // Bumped by every request and every `set`: an answer applies only if nothing came after.
    let generation = use_mut_ref(|| 0_u64);
    // The latest closure and inputs, for `reload` (callbacks outlive the render they were made in).
    let latest = use_mut_ref(|| None::<(Rc<F>, D)>);
    *latest.borrow_mut() = Some((Rc::new(load), deps.clone()));

    let fetch = {
        let (state, generation, latest, newest) = (
            state.clone(),
            generation.clone(),
            latest.clone(),
            newest.clone(),
        );
        Rc::new(move |fresh: bool, activity: Activity| {
            let Some((load, deps)) = latest.borrow().clone() else {
                return;
            };
            let mine = bump(&generation);
            if fresh {
                *newest.borrow_mut() = None;
                state.set(Async::Pending);
            }
            let future = load(deps, activity);
            let (state, generation, newest) = (state.clone(), generation.clone(), newest.clone());
            spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == mine {
                    if let Ok(value) = &result {
                        *newest.borrow_mut() = Some(value.clone());
                    }
                    state.set(Async::from_result(result));
                }
            });
        })
    };

    {
        let fetch = fetch.clone();
        use_effect_with(deps, move |_| fetch(true, Activity::User));
    }

    let reload = {
        let fetch = fetch.clone();
        Callback::from(move |()| fetch(false, Activity::User))
    };
    let refresh = {
        let fetch = fetch.clone();
        Callback::from(move |()| fetch(false, Activity::Refresh))
    };
    let set = {
        let state = state.clone();
        Callback::from(move |value: T| {
            let older = newest
                .borrow()
                .as_ref()
                .is_some_and(|newest| is_older(&value, newest));
            if !older {
                bump(&generation);
                *newest.borrow_mut() = Some(value.clone());
                state.set(Async::Ready(value));
            }
            // The answer may already be stale: the background work it started can finish, and
            // its event arrive, before the answer does. Load once more so the newest state wins.
            fetch(false, Activity::User);
        })
    };

    UseLoad {
        state: (*state).clone(),
        reload,
        refresh,
        set,
    }
}

fn bump(generation: &Rc<RefCell<u64>>) -> u64 {
    let mut generation = generation.borrow_mut();
    *generation += 1;
    *generation
}
