//! The authorisation matrix: every registered command × every kind of caller, checked through
//! IPC. The rules are a table keyed by command name, taken against `COMMAND_NAMES`, so a new
//! command without a rule fails this test.

use serde_json::{json, Value};
use tauri::Manager;

use super::{harness, Harness};
use hyopps_lib::commands::COMMAND_NAMES;
use hyopps_lib::DesktopState;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    SignedOut,
    /// A session whose account became a plain `user` after it signed in (a `user` cannot
    /// sign in at all, so this is the only way one holds a session).
    User,
    /// A partner admin of organisation A, naming organisation B's data.
    PartnerReachingForOtherOrg,
    /// A partner admin of organisation A, on A's own data.
    PartnerOnOwnOrg,
    Admin,
}

/// What the backend decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Past the access check (it may still refuse the input itself: Validation, Conflict).
    Allowed,
    Unauthorized,
    Forbidden,
    /// Another organisation's thing is answered as if it did not exist.
    NotFound,
}

use Caller::*;
use Outcome::*;

/// The rule for each command: the outcome per caller, in the order of `CALLERS`.
const CALLERS: [Caller; 5] = [
    SignedOut,
    User,
    PartnerReachingForOtherOrg,
    PartnerOnOwnOrg,
    Admin,
];

fn rule(command: &str) -> Option<[Outcome; 5]> {
    Some(match command {
        // Sign-in itself, and what a signed-out window needs to show the sign-in screen.
        "sign_in" | "sign_out" | "remembered_email" => [Allowed; 5],
        // Where the window works: the sign-in screen reads and changes it before anyone signs in.
        "connection" | "choose_workplace" => [Allowed; 5],
        // A signed-out window asks this at start (null); a demoted account is told it has no access.
        "current_session" => [Allowed, Forbidden, Allowed, Allowed, Allowed],
        "change_password" => [Unauthorized, Forbidden, Allowed, Allowed, Allowed],
        "list_workflows" | "list_executions" | "dashboard_summary" => {
            [Unauthorized, Forbidden, Allowed, Allowed, Allowed]
        }
        // A partner admin may only start new_partner_user (the args ask for new_partner when
        // reaching out, new_partner_user on their own).
        "start_execution" => [Unauthorized, Forbidden, Forbidden, Allowed, Allowed],
        "get_execution" | "submit_step_input" | "retry_step" | "preview_workflow" => {
            [Unauthorized, Forbidden, NotFound, Allowed, Allowed]
        }
        // A person of their own organisation only; another's is answered as unknown.
        "offboard_user" => [Unauthorized, Forbidden, NotFound, Allowed, Allowed],
        // A file of people for their own organisation only; another's is answered as unknown.
        "preview_people_import" | "start_people_import" | "people_imports" => {
            [Unauthorized, Forbidden, NotFound, Allowed, Allowed]
        }
        // Reading the chosen file names no organisation.
        "read_people_file" => [Unauthorized, Forbidden, Allowed, Allowed, Allowed],
        // Their own organisation only: there is no argument to reach for another one.
        "partner_overview" => [Unauthorized, Forbidden, Allowed, Allowed, Forbidden],
        "complete_step_by_hand"
        | "cancel_execution"
        | "import_v03_database"
        | "get_settings"
        | "list_backups"
        | "back_up_now"
        | "restore_backup"
        | "save_system_settings"
        | "test_connection"
        | "send_test_email"
        | "list_organizations"
        | "get_organization"
        | "update_organization"
        | "set_system_group"
        | "set_documentation_links"
        | "set_organization_systems"
        | "move_user"
        | "offboard_organization"
        | "add_studio_company"
        | "update_studio_company"
        | "remove_studio_company"
        | "preview_organization_deletion"
        | "check_organization_access"
        | "delete_organization"
        | "list_users"
        | "get_user"
        | "update_user"
        | "set_user_password"
        | "preview_user_deletion"
        | "check_user_access"
        | "repair_access"
        | "access_overview"
        | "check_all_access"
        | "set_access_check_schedule"
        | "export_access_report_csv"
        | "access_report_csv"
        | "delete_user"
        | "get_metabase_account"
        | "add_user_to_metabase_group"
        | "remove_metabase_membership"
        | "export_users_csv"
        | "users_csv"
        | "list_audit_log"
        | "audit_filter_options"
        | "export_audit_log_csv"
        | "audit_log_csv" => [Unauthorized, Forbidden, Forbidden, Forbidden, Allowed],
        _ => return None,
    })
}

/// The ids the arguments name.
struct World {
    own_execution: String,
    other_execution: String,
}

fn args(command: &str, caller: Caller, world: &World) -> Value {
    let execution = if caller == PartnerOnOwnOrg {
        &world.own_execution
    } else {
        &world.other_execution
    };
    // A partner admin's own organisation is the session's: they name none.
    let organization = if caller == PartnerOnOwnOrg {
        Value::Null
    } else {
        json!("org-b")
    };
    match command {
        // Open to anyone who knows a password (refusing wrong ones is the sign-in tests' job).
        "sign_in" => json!({"request": {"email": ADMIN.0, "password": ADMIN.1}}),
        "change_password" => {
            json!({"request": {"current_password": "wrong", "new_password": "irrelevant here"}})
        }
        "start_execution" => {
            let workflow = if caller == PartnerOnOwnOrg {
                "new_partner_user"
            } else {
                "new_partner"
            };
            json!({"request": {"workflow": workflow}})
        }
        // Refused past the access check (nothing starts): the partner admin themselves, and
        // for everyone else a person of no organisation (not the partner admin's own).
        "offboard_user" => {
            let person = if caller == PartnerOnOwnOrg {
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
        "get_execution" | "retry_step" | "cancel_execution" => {
            json!({"request": {"execution_id": execution}})
        }
        "submit_step_input" => json!({"request": {"execution_id": execution, "input": {}}}),
        "preview_workflow" => json!({"request": {"of": "execution", "execution_id": execution}}),
        "complete_step_by_hand" => {
            json!({"request": {"execution_id": execution, "external_id": "1", "note": "n"}})
        }
        "import_v03_database" | "read_people_file" | "restore_backup" => {
            json!({"request": {"path": ""}})
        }
        // An empty file: refused as invalid once the caller may add to the organisation.
        "preview_people_import" | "start_people_import" => json!({"request": {
            "organization_id": organization, "file": {"file_name": "people.csv", "contents": ""}
        }}),
        "people_imports" => json!({"request": {"organization_id": organization}}),
        // A save that changes nothing, a system without a network call, an empty address.
        "save_system_settings" => {
            json!({"request": {"system": "slack", "values": {}, "secret": {"action": "keep"}}})
        }
        "test_connection" => json!({"system": "webhooks.create_studio_user_company"}),
        "send_test_email" => json!({"to": ""}),
        // The admin console: reads, and changes that are refused (Validation, Conflict) or
        // harmless, so the callers after the admin still find the same world.
        "list_organizations" | "list_users" | "list_audit_log" | "users_csv" | "audit_log_csv" => {
            json!({"request": {}})
        }
        // The place the window already works: nothing moves.
        "choose_workplace" => json!({"request": {"kind": "this_computer"}}),
        "get_organization" | "preview_organization_deletion" | "check_organization_access" => {
            json!({"request": {"organization_id": "org-b"}})
        }
        // Refused: organisation B still has an unfinished execution.
        "delete_organization" => json!({"request": {"organization_id": "org-b"}}),
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
        "export_users_csv" | "export_audit_log_csv" | "export_access_report_csv" => {
            json!({"request": {"path": ""}})
        }
        _ => json!({}),
    }
}

fn outcome(result: Result<Value, Value>) -> Outcome {
    match result {
        Ok(_) => Allowed,
        Err(error) => match error["code"].as_str() {
            Some("Unauthorized") => Unauthorized,
            Some("Forbidden") => Forbidden,
            Some("NotFound") => NotFound,
            // Past the role check: the input, the data or the outside system refused.
            Some("Validation" | "Conflict" | "Integration") => Allowed,
            _ => panic!("an unexpected answer: {error}"),
        },
    }
}

const PARTNER: (&str, &str) = ("pat@org-a.example", "partner passphrase");
const DEMOTED: (&str, &str) = ("uma@org-a.example", "partner passphrase");
const ADMIN: (&str, &str) = ("admin@hyopps.local", "correct horse battery");

fn set_up(h: &Harness) -> World {
    h.sign_in("admin@hyopps.local", "admin123").unwrap();
    h.invoke(
        "change_password",
        json!({"request": {"current_password": "admin123", "new_password": ADMIN.1}}),
    )
    .unwrap();
    let state = h._app.state::<DesktopState>();
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(PARTNER.1.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    state
        .core()
        .unwrap()
        .store()
        .write_blocking(move |tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, created_at) VALUES
                   ('org-a', 'Org A', 'now'), ('org-b', 'Org B', 'now');",
            )?;
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                    password_hash, created_at, updated_at)
                 VALUES ('pat', 'Pat', 'Partner', ?1, 'partner_admin', 'org-a', ?2, 'now', 'now')",
                [PARTNER.0, hash.as_str()],
            )?;
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                    password_hash, created_at, updated_at)
                 VALUES ('uma', 'Uma', 'User', ?1, 'partner_admin', 'org-a', ?2, 'now', 'now')",
                [DEMOTED.0, hash.as_str()],
            )?;
            tx.execute_batch(
                "INSERT INTO users (id, firstname, lastname, email, app_role, created_at, updated_at)
                   VALUES ('throwaway', 'Tom', 'Throwaway', 'tom@org-b.example', 'user', 'now', 'now');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                   VALUES ('sc-b', 'org-b', 'B-1', 'Org B TEST', 'test', 'now');",
            )?;
            Ok(())
        })
        .unwrap();
    // Organisation B's execution, started by the admin.
    let other = h
        .invoke(
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .unwrap();
    let other_execution = other["summary"]["id"].as_str().unwrap().to_string();
    h.invoke(
        "submit_step_input",
        json!({"request": {"execution_id": other_execution, "input": {"organization_id": "org-b"}}}),
    )
    .unwrap();
    // Organisation A's, started by its partner admin.
    h.invoke("sign_out", json!({})).unwrap();
    h.sign_in(PARTNER.0, PARTNER.1).unwrap();
    let own = h
        .invoke(
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .unwrap();
    World {
        own_execution: own["summary"]["id"].as_str().unwrap().to_string(),
        other_execution,
    }
}

fn become_(h: &Harness, caller: Caller) {
    h.invoke("sign_out", json!({})).unwrap();
    match caller {
        SignedOut => {}
        User => {
            set_demoted_role(h, "partner_admin");
            h.sign_in(DEMOTED.0, DEMOTED.1).unwrap();
            set_demoted_role(h, "user");
        }
        PartnerReachingForOtherOrg | PartnerOnOwnOrg => {
            h.sign_in(PARTNER.0, PARTNER.1).unwrap();
        }
        Admin => {
            h.sign_in(ADMIN.0, ADMIN.1).unwrap();
        }
    }
}

fn set_demoted_role(h: &Harness, role: &'static str) {
    h._app
        .state::<DesktopState>()
        .core()
        .unwrap()
        .store()
        .write_blocking(move |tx| -> Result<usize, hyopps_store::StoreError> {
            Ok(tx.execute("UPDATE users SET app_role = ?1 WHERE id = 'uma'", [role])?)
        })
        .unwrap();
}

#[test]
fn every_command_enforces_its_rule_for_every_caller() {
    let h = harness();
    let world = set_up(&h);
    let mut broken = Vec::new();
    for command in COMMAND_NAMES {
        let Some(expected) = rule(command) else {
            broken.push(format!("{command}: has no authorisation rule in this test"));
            continue;
        };
        for (caller, expected) in CALLERS.into_iter().zip(expected) {
            become_(&h, caller);
            let got = outcome(h.invoke(command, args(command, caller, &world)));
            if got != expected {
                broken.push(format!(
                    "{command} as {caller:?}: expected {expected:?}, got {got:?}"
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "authorisation rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn a_partner_admin_never_sees_another_organisations_executions() {
    let h = harness();
    let world = set_up(&h);
    become_(&h, PartnerOnOwnOrg);
    for request in [
        json!({}),
        json!({"organization_id": "org-b"}),
        json!({"search": "Org B"}),
    ] {
        let page = h
            .invoke("list_executions", json!({ "request": request }))
            .unwrap();
        let ids: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert!(
            !ids.contains(&world.other_execution.as_str()),
            "{request}: {ids:?}"
        );
    }
    let dashboard = h.invoke("dashboard_summary", json!({})).unwrap();
    assert!(
        !dashboard.to_string().contains(&world.other_execution),
        "the dashboard shows nothing of organisation B"
    );
}
