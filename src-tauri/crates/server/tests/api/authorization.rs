//! The authorisation matrix over HTTP. The expected outcome of each command comes from the
//! contract's table (who may call it), so the table, the server and the core must agree; only
//! what depends on the data (another organisation's execution) is named here.

use hyopps_contract::{CommandAccess, COMMANDS};
use hyopps_server::status_of;
use serde_json::{json, Value};

use super::support::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    SignedOut,
    /// A session whose account became a plain `user` after it signed in.
    User,
    /// A partner admin who has not yet set a new password.
    MustChangePassword,
    /// A partner admin of organisation A, naming organisation B's data.
    PartnerOfOtherOrg,
    /// A partner admin of organisation A, on A's own data.
    PartnerOfOwnOrg,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Past the access check (the input or the data may still be refused: 422, 409, 502).
    Allowed,
    Unauthorized,
    Forbidden,
    /// Another organisation's thing is answered as if it did not exist.
    NotFound,
}

use Caller::*;
use Outcome::*;

const CALLERS: [Caller; 6] = [
    SignedOut,
    User,
    MustChangePassword,
    PartnerOfOtherOrg,
    PartnerOfOwnOrg,
    Admin,
];

fn expected(command: &str, access: CommandAccess, caller: Caller) -> Outcome {
    match (access, caller) {
        (CommandAccess::SignedOut, _) => Allowed,
        // Signed out, it answers null rather than refusing.
        (CommandAccess::OwnAccount, SignedOut) if command == "current_session" => Allowed,
        (_, SignedOut) => Unauthorized,
        (_, User) => Forbidden,
        (CommandAccess::OwnAccount, _) => Allowed,
        (_, MustChangePassword) => Forbidden,
        (CommandAccess::Admin, Admin) => Allowed,
        (CommandAccess::Admin, _) => Forbidden,
        (CommandAccess::PartnerAdmin, Admin) => Forbidden,
        (CommandAccess::PartnerAdmin, _) => Allowed,
        (CommandAccess::SignedIn, PartnerOfOtherOrg) => match command {
            "get_execution"
            | "submit_step_input"
            | "retry_step"
            | "offboard_user"
            | "preview_workflow"
            | "preview_people_import"
            | "start_people_import"
            | "people_imports" => NotFound,
            // Asks to start new_partner, which only administrators start.
            "start_execution" => Forbidden,
            _ => Allowed,
        },
        (CommandAccess::SignedIn, _) => Allowed,
    }
}

struct World {
    own_execution: String,
    other_execution: String,
}

fn args(command: &str, caller: Caller, world: &World) -> Value {
    let execution = if caller == PartnerOfOwnOrg {
        &world.own_execution
    } else {
        &world.other_execution
    };
    match command {
        "sign_in" => json!({"request": {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}}),
        "change_password" => {
            json!({"request": {"current_password": "wrong", "new_password": "irrelevant here"}})
        }
        "start_execution" => {
            let workflow = if caller == PartnerOfOwnOrg {
                "new_partner_user"
            } else {
                "new_partner"
            };
            json!({"request": {"workflow": workflow}})
        }
        // Refused past the access check (nothing starts): the partner admin themselves, and
        // for everyone else a person of no organisation (not the partner admin's own).
        "offboard_user" => {
            let person = if caller == PartnerOfOwnOrg {
                "pat"
            } else {
                "throwaway"
            };
            json!({"request": {"user_id": person}})
        }
        // Refused past the access check (nothing starts): a person of no organisation.
        "move_user" => json!({"request": {"user_id": "throwaway", "organization_id": "org-b"}}),
        // Refused past the access check (nothing starts): no organisation named.
        "offboard_organization" => json!({"request": {"organization_id": ""}}),
        "list_executions" => json!({"request": {"organization_id": "org-b"}}),
        // An empty file: refused as invalid once the caller may add to the organisation (a
        // partner admin's own is the session's: they name none).
        "preview_people_import" | "start_people_import" => json!({"request": {
            "organization_id": if caller == PartnerOfOwnOrg { Value::Null } else { json!("org-b") },
            "file": {"file_name": "people.csv", "contents": ""}
        }}),
        "people_imports" => json!({"request": {
            "organization_id": if caller == PartnerOfOwnOrg { Value::Null } else { json!("org-b") }
        }}),
        "get_execution" | "retry_step" | "cancel_execution" => {
            json!({"request": {"execution_id": execution}})
        }
        "submit_step_input" => json!({"request": {"execution_id": execution, "input": {}}}),
        "preview_workflow" => json!({"request": {"of": "execution", "execution_id": execution}}),
        "complete_step_by_hand" => {
            json!({"request": {"execution_id": execution, "external_id": "1", "note": "n"}})
        }
        "save_system_settings" => {
            json!({"request": {"system": "slack", "values": {}, "secret": {"action": "keep"}}})
        }
        "test_connection" => json!({"system": "webhooks.create_studio_user_company"}),
        "send_test_email" => json!({"to": ""}),
        "list_organizations" | "list_users" | "list_audit_log" | "users_csv" | "audit_log_csv" => {
            json!({"request": {}})
        }
        "get_organization"
        | "preview_organization_deletion"
        | "delete_organization"
        | "check_organization_access" => {
            json!({"request": {"organization_id": "org-b"}})
        }
        "update_organization" => {
            json!({"request": {"organization_id": "org-b", "name": "", "account_types": []}})
        }
        "set_system_group" => json!({"request": {
            "organization_id": "org-b", "tool": "metabase", "external_id": "", "external_name": ""
        }}),
        "set_documentation_links" => json!({"request": {
            "organization_id": "org-b", "internal_docu": "not a url", "generique_docu": "", "add_docu": ""
        }}),
        "set_organization_systems" => json!({"request": {
            "organization_id": "org-b", "systems_used": ["metabase"]
        }}),
        "add_studio_company" => json!({"request": {
            "organization_id": "org-b", "name": "", "studio_id": "", "environment": "test"
        }}),
        "update_studio_company" => json!({"request": {
            "studio_company_id": "sc-b", "name": "", "studio_id": "9", "environment": "prod"
        }}),
        "remove_studio_company" => json!({"request": {"studio_company_id": "sc-b"}}),
        "get_user" | "preview_user_deletion" | "get_metabase_account" | "check_user_access" => {
            json!({"request": {"user_id": "uma"}})
        }
        // No reason: refused as invalid once the role is let through, so nothing is written.
        "repair_access" => json!({"request": {
            "subject": {"kind": "person", "user_id": "uma"},
            "system": "slack", "repair": "accept", "reason": ""
        }}),
        // An hour out of range: refused once the role is let through, nothing written.
        "set_access_check_schedule" => json!({"request": {"daily": true, "hour_utc": 24}}),
        "delete_user" => json!({"request": {"user_id": "throwaway"}}),
        "update_user" => json!({"request": {
            "user_id": "uma", "firstname": "", "lastname": "", "email": "",
            "organization_id": null, "app_role": "user"
        }}),
        "set_user_password" => json!({"request": {"user_id": "uma", "new_password": "short"}}),
        "add_user_to_metabase_group" => json!({"request": {"user_id": "uma", "group_id": 1}}),
        "remove_metabase_membership" => {
            json!({"request": {"user_id": "uma", "membership_id": 1}})
        }
        _ => json!({}),
    }
}

/// What the answer means; a status that does not fit its code, or a 400 (the test's own
/// arguments are wrong), fails the test.
fn outcome(command: &str, answer: &Answer) -> Outcome {
    if answer.status == 200 {
        return Allowed;
    }
    let code: hyopps_contract::ErrorCode = serde_json::from_value(answer.body["code"].clone())
        .unwrap_or_else(|_| panic!("{command}: not a wire error: {answer:?}"));
    assert_eq!(
        status_of(code).as_u16(),
        answer.status,
        "{command}: the status follows the code: {answer:?}"
    );
    match answer.body["code"].as_str() {
        Some("Unauthorized") => Unauthorized,
        Some("Forbidden") => Forbidden,
        Some("NotFound") => NotFound,
        Some("Validation" | "Conflict" | "Integration") => Allowed,
        _ => panic!("{command}: an unexpected answer: {answer:?}"),
    }
}

async fn set_up(server: &Server) -> World {
    let admin = server.admin().await;
    seed_people(server).await;
    let other = server
        .call(
            Some(&admin),
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .await;
    let other_execution = other.body["summary"]["id"].as_str().unwrap().to_string();
    let picked = server
        .call(
            Some(&admin),
            "submit_step_input",
            json!({"request": {"execution_id": other_execution, "input": {"organization_id": "org-b"}}}),
        )
        .await;
    assert_eq!(picked.status, 200, "{picked:?}");
    let partner = server.sign_in(PARTNER.0, PARTNER.1).await.unwrap();
    let own = server
        .call(
            Some(&partner),
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .await;
    World {
        own_execution: own.body["summary"]["id"].as_str().unwrap().to_string(),
        other_execution,
    }
}

async fn token_of(server: &Server, caller: Caller) -> Option<String> {
    let set_uma_role =
        |role: &str| format!("UPDATE users SET app_role = '{role}' WHERE id = 'uma'");
    match caller {
        SignedOut => None,
        User => {
            server.sql(set_uma_role("partner_admin")).await;
            let token = server.sign_in(DEMOTED.0, DEMOTED.1).await.unwrap();
            server.sql(set_uma_role("user")).await;
            Some(token)
        }
        MustChangePassword => Some(server.sign_in(NEW_PARTNER.0, NEW_PARTNER.1).await.unwrap()),
        PartnerOfOtherOrg | PartnerOfOwnOrg => {
            Some(server.sign_in(PARTNER.0, PARTNER.1).await.unwrap())
        }
        Admin => Some(server.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_server_command_enforces_the_tables_rule_for_every_caller() {
    let server = start().await;
    let world = set_up(&server).await;
    let mut broken = Vec::new();
    for spec in COMMANDS.iter().filter(|spec| spec.on_server()) {
        for caller in CALLERS {
            let token = token_of(&server, caller).await;
            let answer = server
                .call(token.as_deref(), spec.name, args(spec.name, caller, &world))
                .await;
            let got = outcome(spec.name, &answer);
            let want = expected(spec.name, spec.access, caller);
            if got != want {
                broken.push(format!(
                    "{} as {caller:?}: expected {want:?}, got {got:?} ({} {})",
                    spec.name, answer.status, answer.body
                ));
            }
            if let Some(token) = token {
                server.call(Some(&token), "sign_out", json!({})).await;
            }
        }
    }
    assert!(
        broken.is_empty(),
        "authorisation over HTTP broken:\n{}",
        broken.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partner_admin_lists_only_their_organisations_executions() {
    let server = start().await;
    let world = set_up(&server).await;
    let partner = token_of(&server, PartnerOfOwnOrg).await;
    for request in [json!({}), json!({"organization_id": "org-b"})] {
        let page = server
            .call(
                partner.as_deref(),
                "list_executions",
                json!({ "request": request }),
            )
            .await;
        let text = page.body.to_string();
        assert!(text.contains(&world.own_execution), "{request}: {text}");
        assert!(!text.contains(&world.other_execution), "{request}: {text}");
    }
}
