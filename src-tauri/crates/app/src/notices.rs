//! What a desktop notification says about an execution that now needs someone: in the operator's
//! words (the workflow, the person and organisation, the step, why it failed), never ids or step
//! numbers. One rule for this computer's engine and a server's events alike.

use hyopps_contract::{ExecutionDetail, ExecutionStatus};

/// A notification's title and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// The notice for `detail` as it stands now: a failure, or a step that waits for a form (the
/// operations team's, said so, so a partner admin knows their request is with them); `None`
/// for anything else.
pub fn notice_for(detail: &ExecutionDetail) -> Option<Notice> {
    let summary = &detail.summary;
    let about = about(detail);
    let step = summary
        .current_step_label
        .clone()
        .unwrap_or_else(|| "a step".into());
    match summary.status {
        ExecutionStatus::Failed => {
            let why = summary
                .error
                .as_deref()
                .and_then(|e| e.lines().next())
                .unwrap_or("no reason was recorded");
            Some(Notice {
                title: format!("HyOpps: {} failed", summary.workflow_label),
                body: format!("{about}: \"{step}\" failed: {why} Open it in HyOpps to retry it."),
            })
        }
        ExecutionStatus::AwaitingInput => {
            let operators_only = detail.form.as_ref().is_some_and(|f| f.operators_only);
            let title = if operators_only {
                "HyOpps: waits for the operations team"
            } else {
                "HyOpps: input needed"
            };
            Some(Notice {
                title: title.into(),
                body: format!("{about}: \"{step}\" ({}).", summary.workflow_label),
            })
        }
        _ => None,
    }
}

/// "Seán O'Brien of O'Brien & Söhne", the organisation alone, or the workflow.
fn about(detail: &ExecutionDetail) -> String {
    let summary = &detail.summary;
    match (&summary.user_name, &summary.organization_name) {
        (Some(person), Some(organization)) => format!("{person} of {organization}"),
        (Some(person), None) => person.clone(),
        (None, Some(organization)) => organization.clone(),
        (None, None) => summary.workflow_label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{ExecutionSummary, StepForm};

    fn detail(
        status: ExecutionStatus,
        error: Option<&str>,
        operators_only: Option<bool>,
    ) -> ExecutionDetail {
        ExecutionDetail {
            summary: ExecutionSummary {
                id: "3516e9dd-aaaa".into(),
                workflow: "new_partner_user".into(),
                workflow_label: "New partner user".into(),
                status,
                organization_id: Some("org-1".into()),
                organization_name: Some("O'Brien & Söhne".into()),
                user_id: Some("u-1".into()),
                user_name: Some("Seán O'Brien".into()),
                current_step_order: 6,
                current_step_label: Some("Add the user to the Slack group".into()),
                step_count: 9,
                requested_by_name: Some("Pat".into()),
                created_at: "now".into(),
                updated_at: "now".into(),
                completed_at: None,
                error: error.map(str::to_string),
            },
            steps: vec![],
            form: operators_only.map(|operators_only| StepForm {
                step_order: 6,
                title: "t".into(),
                instructions: vec![],
                fields: vec![],
                submit_label: "Continue".into(),
                operators_only,
            }),
            children: vec![],
            parent_id: None,
            system_links: vec![],
        }
    }

    #[test]
    fn a_failure_names_the_person_the_step_and_the_first_line_of_why() {
        let notice = notice_for(&detail(
            ExecutionStatus::Failed,
            Some("Slack has no account for sean@obrien.example.\nDetails: users_not_found"),
            None,
        ))
        .unwrap();
        assert_eq!(notice.title, "HyOpps: New partner user failed");
        assert_eq!(
            notice.body,
            "Seán O'Brien of O'Brien & Söhne: \"Add the user to the Slack group\" failed: Slack has no account for sean@obrien.example. Open it in HyOpps to retry it."
        );
        assert!(!notice.body.contains("3516e9dd"), "no ids");
    }

    #[test]
    fn a_wait_says_whose_form_it_is_and_nothing_else_notifies() {
        let theirs = notice_for(&detail(ExecutionStatus::AwaitingInput, None, Some(true))).unwrap();
        assert_eq!(theirs.title, "HyOpps: waits for the operations team");
        let anyone =
            notice_for(&detail(ExecutionStatus::AwaitingInput, None, Some(false))).unwrap();
        assert_eq!(anyone.title, "HyOpps: input needed");
        assert_eq!(
            anyone.body,
            "Seán O'Brien of O'Brien & Söhne: \"Add the user to the Slack group\" (New partner user)."
        );
        for status in [
            ExecutionStatus::Running,
            ExecutionStatus::Completed,
            ExecutionStatus::Pending,
        ] {
            assert_eq!(notice_for(&detail(status, None, None)), None, "{status:?}");
        }
    }
}
