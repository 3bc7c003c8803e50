//! Which of two states of an execution the page shows. An action's answer is read the moment
//! the action committed; the engine runs on meanwhile, and an event's reload can show a later
//! state before that answer arrives. The store moves `updated_at` forward with every change of
//! an execution's state (never two with one time), so it orders them; an answer with the same
//! stamp is shown, and the page reads again after it either way.

use hyopps_contract::ExecutionDetail;

/// True when `newest`, the state the page has loaded, is later than `answer`: showing the answer
/// would take the page back in time.
pub fn is_older(answer: &ExecutionDetail, newest: &ExecutionDetail) -> bool {
    // Both are the store's UTC form with milliseconds ("2026-12-07T04:31:00.001Z"): their
    // text order is their time order.
    answer.summary.updated_at < newest.summary.updated_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{ExecutionStatus, ExecutionSummary};

    fn at(updated_at: &str) -> ExecutionDetail {
        ExecutionDetail {
            summary: ExecutionSummary {
                id: "e1".into(),
                workflow: "new_partner_user".into(),
                workflow_label: "New partner user".into(),
                status: ExecutionStatus::Running,
                organization_id: None,
                organization_name: None,
                user_id: None,
                user_name: None,
                current_step_order: 3,
                current_step_label: None,
                step_count: 7,
                requested_by_name: None,
                created_at: "2026-12-07T04:30:00.000Z".into(),
                updated_at: updated_at.into(),
                completed_at: None,
                error: None,
            },
            steps: vec![],
            form: None,
            children: vec![],
            parent_id: None,
            system_links: vec![],
        }
    }

    #[test]
    fn an_answer_older_than_the_page_is_not_shown_and_any_other_is() {
        let answer = at("2026-12-07T04:31:00.000Z");
        assert!(is_older(&answer, &at("2026-12-07T04:31:00.001Z")));
        assert!(!is_older(&answer, &at("2026-12-07T04:31:00.000Z")));
        assert!(!is_older(&answer, &at("2026-12-07T04:30:59.999Z")));
    }
}
