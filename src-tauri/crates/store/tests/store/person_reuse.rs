//! Which existing account a workflow may make an organisation's new user, decided again in the
//! transaction that writes it: nothing changed since the form was checked slips through.

use hyopps_store::users::{self, NewPerson, PersonAccount, Refusal};
use hyopps_store::{Store, StoreError};
use serde_json::json;

use super::open_temp;

const SCENE: &str = "
    INSERT INTO organizations (id, name, created_at) VALUES ('acme', 'Acme', 'now'), ('other', 'Other', 'now');
    INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at) VALUES
        ('pat', 'Pat', 'Partner', 'pat@acme.example', 'partner_admin', 'acme', 'hash', 'now', 'now'),
        ('ann', 'Ann', 'Acme', 'ann@acme.example', 'user', 'acme', NULL, 'now', 'now'),
        ('olga', 'Olga', 'Other', 'olga@other.example', 'user', 'other', NULL, 'now', 'now'),
        ('hal', 'Hal', 'Hash', 'hal@nowhere.example', 'user', NULL, 'hash', 'now', 'now'),
        ('nora', 'Nora', 'Nowhere', 'nora@nowhere.example', 'user', NULL, NULL, 'now', 'now'),
        ('gus', 'Gus', 'Granted', 'gus@nowhere.example', 'user', NULL, NULL, 'now', 'now'),
        ('mia', 'Mia', 'Metabase', 'mia@nowhere.example', 'user', NULL, NULL, 'now', 'now'),
        ('fred', 'Fred', 'Fresh', 'fred@nowhere.example', 'user', NULL, NULL, 'now', 'now');
    INSERT INTO audit_log (id, at, action, target_type, target_id) VALUES ('a1', 'now', 'signed_in', 'user', 'nora');
    INSERT INTO access_grants (id, user_id, resource_id, granted_at, revoked_at)
        SELECT 'g1', 'gus', id, 'now', 'later' FROM resources WHERE name = 'Slack';
    UPDATE users SET metabase_user_id = 12 WHERE id = 'mia';
";

fn add_to_acme(store: &Store, email: &'static str) -> PersonAccount {
    store
        .write_blocking(move |tx| -> Result<_, StoreError> {
            let empty = json!([]);
            users::find_or_create_person(
                tx,
                &NewPerson {
                    firstname: "New",
                    lastname: "Person",
                    email,
                    languages: &empty,
                    skills: &empty,
                    roles: &empty,
                    organization_id: "acme",
                },
                "2026-01-01T00:00:00.000Z",
            )
        })
        .unwrap()
}

fn organization_of(store: &Store, id: &'static str) -> Option<String> {
    store
        .read_blocking(move |c| -> Result<_, StoreError> {
            Ok(c.query_row(
                "SELECT organization_id FROM users WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[test]
fn only_the_organisations_own_users_and_fresh_unattached_ones_are_reused() {
    let (_dir, store) = open_temp();
    store
        .write_blocking(|tx| tx.execute_batch(SCENE).map_err(StoreError::from))
        .unwrap();

    for (email, refusal) in [
        ("ADMIN@hyopps.local", Refusal::Administrator),
        ("pat@acme.example", Refusal::PartnerAdministrator),
        ("olga@other.example", Refusal::OtherOrganization),
        ("hal@nowhere.example", Refusal::SignsIn),
        ("nora@nowhere.example", Refusal::SignsIn),
        ("gus@nowhere.example", Refusal::HasAccess),
        ("mia@nowhere.example", Refusal::HasAccess),
    ] {
        assert_eq!(
            add_to_acme(&store, email),
            PersonAccount::Refused(refusal),
            "{email} is somebody else's account"
        );
    }
    for id in ["hal", "nora", "gus", "mia"] {
        assert_eq!(
            organization_of(&store, id),
            None,
            "a refusal writes nothing ({id})"
        );
    }
    assert_eq!(
        add_to_acme(&store, "ann@acme.example"),
        PersonAccount::Reused {
            user_id: "ann".into()
        }
    );
    assert_eq!(
        add_to_acme(&store, "Fred@Nowhere.example"),
        PersonAccount::Attached {
            user_id: "fred".into()
        }
    );
    assert_eq!(
        organization_of(&store, "fred").as_deref(),
        Some("acme"),
        "the unattached person now belongs to the organisation"
    );
    assert!(matches!(
        add_to_acme(&store, "new@acme.example"),
        PersonAccount::Created { .. }
    ));
}
