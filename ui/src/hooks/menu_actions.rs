//! The native menu's entries (and their shortcuts) acted on in the window: go to a screen,
//! open "Jump to…", go to the dashboard's Start buttons, or read the screen again.

use std::time::Duration;

use hyopps_contract::AppRole;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use crate::dom;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::nav::{menu_effect, MenuEffect};

/// The dashboard's Start buttons, which "Start a workflow…" brings into sight and focuses.
const START_BUTTONS: &str = "#dashboard-workflows button";
/// How long "Start a workflow…" waits for the dashboard's workflows to load.
const START_WAIT: Duration = Duration::from_secs(3);

pub struct MenuActions {
    pub jump_open: bool,
    pub close_jump: Callback<()>,
    /// Changes with every "Refresh": the screen is keyed on it, so it is built and read anew.
    pub refreshes: u32,
}

#[hook]
pub fn use_menu_actions(role: AppRole) -> MenuActions {
    let router = use_router::<AppRoute>();
    let jump_open = use_state_eq(|| false);
    let refreshes = use_reducer(Refreshes::default);
    {
        let (jump_open, refreshes) = (jump_open.setter(), refreshes.dispatcher());
        use_effect_with((role, router.clone()), move |(role, router)| {
            let (role, router) = (*role, router.clone());
            let subscription = ipc::listen_menu(move |action| match menu_effect(action, role) {
                MenuEffect::Go(route) => {
                    if let Some(router) = &router {
                        router.push(route);
                    }
                }
                MenuEffect::Jump => jump_open.set(true),
                MenuEffect::StartWorkflow => {
                    if let Some(router) = &router {
                        router.push(AppRoute::Dashboard);
                    }
                    spawn_local(focus_when_shown(START_BUTTONS, START_WAIT));
                }
                MenuEffect::Refresh => refreshes.dispatch(()),
                MenuEffect::Nothing => {}
            });
            move || drop(subscription)
        });
    }
    let close_jump = {
        let jump_open = jump_open.clone();
        Callback::from(move |()| jump_open.set(false))
    };
    MenuActions {
        jump_open: *jump_open,
        close_jump,
        refreshes: refreshes.0,
    }
}

#[derive(Default, PartialEq)]
struct Refreshes(u32);

impl Reducible for Refreshes {
    type Action = ();

    fn reduce(self: std::rc::Rc<Self>, (): ()) -> std::rc::Rc<Self> {
        std::rc::Rc::new(Refreshes(self.0.wrapping_add(1)))
    }
}

/// Focuses the first element matching `selector` (scrolling it into sight) once it is on
/// screen, looking for at most `limit`.
async fn focus_when_shown(selector: &'static str, limit: Duration) {
    let step = Duration::from_millis(50);
    let mut waited = Duration::ZERO;
    while waited < limit {
        if let Some(element) = dom::first_matching(selector) {
            dom::call(&element, "scrollIntoView");
            dom::call(&element, "focus");
            return;
        }
        sleep(step).await;
        waited += step;
    }
}
