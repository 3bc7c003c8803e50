//! Adding people from a file, against the fakes: the preview says what every row becomes and
//! starts nothing; the start onboards each new person in every system, once; the same file
//! again starts nobody. Bad files and bad requests are refused with a clear message and change
//! nothing, and a partner admin only ever adds to their own organisation.

use super::{configured_app, new_partner_up_to_lms, onboard_person, partner_admin_of, Fixture};
use hyopps_contract::{
    ErrorCode, ExecutionListRequest, ExecutionStatus, ImportRowState, PeopleFile,
    PeopleImportPreview, PeopleImportProgress, PeopleImportRequest, PeopleImportsRequest,
    WireError,
};

const PARTNER: &str = "O'Brien & Söhne";
const LONG_LAST_NAME: &str = "Müller-Lüdenscheidt + Partner von und zu Überlingen-Köpenick";

/// The partner, onboarded up to its end, with its Studio companies "O'Brien & Söhne TEST"
/// (4001) and "… PROD" (4002).
async fn partner(f: &Fixture) -> String {
    super::moving::partner(f, PARTNER, ["4001", "4002"]).await
}

fn file(contents: &str) -> PeopleFile {
    PeopleFile {
        file_name: "people of O'Brien.csv".into(),
        contents: contents.into(),
    }
}

fn request(organization_id: Option<&str>, contents: &str) -> PeopleImportRequest {
    PeopleImportRequest {
        organization_id: organization_id.map(str::to_string),
        file: file(contents),
    }
}

/// Each row's line and state, for assertions that read like the preview table.
fn states(preview: &PeopleImportPreview) -> Vec<(u32, ImportRowState)> {
    preview
        .rows
        .iter()
        .map(|r| (r.line, r.state.clone()))
        .collect()
}

fn invalid(column: &str, problem: &str) -> ImportRowState {
    ImportRowState::Invalid {
        column: column.into(),
        problem: problem.into(),
    }
}

/// Runs due steps until no execution of the organisation's latest file is still moving.
async fn settle_file(f: &Fixture, organization_id: &str) -> PeopleImportProgress {
    for _ in 0..100 {
        f.app.engine().run_due().await.unwrap();
        let files = f
            .app
            .people_imports(
                &f.admin,
                PeopleImportsRequest {
                    organization_id: Some(organization_id.into()),
                },
            )
            .await
            .unwrap();
        let latest = files.into_iter().next().expect("the file is recorded");
        if latest.ended() + latest.need_you() >= latest.started {
            return latest;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the file's executions never settled")
}

fn code(error: WireError) -> (ErrorCode, String) {
    let message = error
        .fields
        .values()
        .next()
        .cloned()
        .unwrap_or(error.message.clone());
    (error.code, message)
}

async fn executions_started(f: &Fixture) -> u64 {
    f.app
        .list_executions(&f.admin, ExecutionListRequest::default())
        .await
        .unwrap()
        .total
}

#[tokio::test]
async fn a_file_is_previewed_row_by_row_then_its_new_people_are_onboarded_everywhere_and_again_it_starts_nobody(
) {
    let f = configured_app().await;
    let organization_id = partner(&f).await;
    f.world
        .add_slack_member("ada@obrien.example", "Ada Lovelace");
    f.world
        .add_slack_member("sean.obrien@obrien.example", "Seán O'Brien");
    f.world.add_slack_member("jo@obrien.example", "Jo Müller");
    let here = onboard_person(
        &f,
        &organization_id,
        ("Ada", "Lovelace"),
        "ada@obrien.example",
    )
    .await;
    assert_eq!(
        here.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        here.summary.error
    );
    // Semicolons and a byte-order mark, as a German spreadsheet exports it; columns in another
    // order and case; a column HyOpps does not read.
    let contents = format!(
        "\u{feff}E-Mail;VORNAME;Last name;Languages;Studio companies;Phone\r\n\
         sean.obrien@obrien.example;Seán;O'Brien;en, ga;O'Brien & Söhne PROD;+353 1\r\n\
         ADA@obrien.example;Ada;Lovelace;en;;\r\n\
         not-an-email;Bad;Email;en;;\r\n\
         jo@obrien.example;Jo;{LONG_LAST_NAME};de|en;4001, 4002;\r\n\
         Sean.OBrien@obrien.example;Seán;Twice;en;;\r\n\
         admin@hyopps.local;Ad;Min;en;;\r\n\
         kim@obrien.example;Kim;Lee;en;Unknown GmbH;\r\n\
         lee@obrien.example;Lee;Kim;english;;\r\n"
    );
    let started_before = executions_started(&f).await;

    let preview = f
        .app
        .preview_people_import(&f.admin, request(Some(&organization_id), &contents))
        .await
        .unwrap();
    assert_eq!(preview.organization_name, PARTNER);
    assert_eq!(
        states(&preview),
        vec![
            (2, ImportRowState::New),
            (3, ImportRowState::AlreadyHere),
            (4, invalid("E-Mail", "Enter an email address like name@example.com.")),
            (5, ImportRowState::New),
            (6, invalid("E-Mail", "Also on line 2: each person once per file.")),
            (7, invalid("E-Mail", "admin@hyopps.local is an administrator's account, so it cannot be reused here. Use the person's own email, or ask an administrator to check the account.")),
            (8, invalid("Studio companies", "No Studio company of O'Brien & Söhne is called \"Unknown GmbH\". Its companies: O'Brien & Söhne TEST (4001), O'Brien & Söhne PROD (4002).")),
            (9, invalid("Languages", "english is not a two-letter ISO 639-1 code such as en or fr.")),
        ],
        "every row says what it becomes, named by the file's own column headers"
    );
    assert_eq!((preview.new, preview.skipped, preview.invalid), (2, 1, 5));
    assert_eq!(preview.rows[3].name, format!("Jo {LONG_LAST_NAME}"));
    assert_eq!(
        preview.notes,
        ["Not read (HyOpps has no such field): \"Phone\"."]
    );
    assert_eq!(
        executions_started(&f).await,
        started_before,
        "a preview starts nothing"
    );

    let started = f
        .app
        .start_people_import(&f.admin, request(Some(&organization_id), &contents))
        .await
        .unwrap();
    assert_eq!(
        (started.started, started.skipped, started.invalid),
        (2, 1, 5)
    );
    assert_eq!(
        started.message,
        "Started onboarding 2 people of O'Brien & Söhne; 1 already in O'Brien & Söhne, 5 rows refused."
    );
    let progress = settle_file(&f, &organization_id).await;
    let errors: Vec<_> = f
        .app
        .list_executions(&f.admin, ExecutionListRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|e| e.error)
        .collect();
    assert_eq!(progress.summary(), "2 of 2 done", "{errors:?}");
    assert_eq!(progress.file_name, "people of O'Brien.csv");
    assert_eq!((progress.skipped, progress.invalid), (1, 5));

    // Each new person exists once in every system, with what the file said.
    for email in ["sean.obrien@obrien.example", "jo@obrien.example"] {
        let accounts = f
            .world
            .metabase
            .users()
            .into_iter()
            .filter(|u| u.email == email)
            .count();
        assert_eq!(accounts, 1, "one Metabase account for {email}");
        let keycloak = f
            .world
            .keycloak
            .users()
            .into_iter()
            .filter(|u| u.email.as_deref() == Some(email))
            .count();
        assert_eq!(keycloak, 1, "one Keycloak account for {email}");
    }
    let jo = f
        .app
        .list_users(
            &f.admin,
            hyopps_contract::UserListRequest {
                filter: hyopps_contract::UserFilter {
                    search: Some("jo@obrien.example".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(jo.items.len(), 1);
    assert_eq!(
        jo.items[0].lastname, LONG_LAST_NAME,
        "the long name went through whole"
    );

    // The same file again: everyone new then is there now.
    let again = f
        .app
        .start_people_import(&f.admin, request(Some(&organization_id), &contents))
        .await
        .unwrap();
    assert_eq!(again.import_id, None, "nothing recorded when nobody starts");
    assert_eq!((again.started, again.skipped), (0, 3));
    assert_eq!(
        again.message,
        "Nobody to start: 3 already in O'Brien & Söhne, 5 rows refused."
    );
}

#[tokio::test]
async fn bad_files_and_bad_requests_are_refused_clearly_and_change_nothing() {
    let f = configured_app().await;
    let organization_id = partner(&f).await;
    let good = "First name,Last name,Email\nAda,Lovelace,ada@obrien.example\n";
    let before = executions_started(&f).await;
    let refused = |contents: String, organization: Option<String>| {
        let app = &f.app;
        let admin = &f.admin;
        async move {
            let request = PeopleImportRequest {
                organization_id: organization,
                file: file(&contents),
            };
            let preview = app.preview_people_import(admin, request.clone()).await;
            let start = app.start_people_import(admin, request).await;
            let preview = code(preview.expect_err("the preview is refused").into());
            let start = code(start.expect_err("the start is refused").into());
            assert_eq!(preview, start, "the preview and the start refuse alike");
            preview
        }
    };
    let org = || Some(organization_id.clone());
    assert_eq!(
        refused(String::new(), org()).await,
        (ErrorCode::Validation, "The file is empty. Its first line names the columns (First name, Last name, Email, Languages, Skills, Roles, Studio companies), then one person per line.".into())
    );
    assert_eq!(
        refused("Name;Email\nAda;ada@obrien.example\n".into(), org()).await.1,
        "The file has no First name, no Last name column. Its first line names the columns (First name, Last name, Email, Languages, Skills, Roles, Studio companies), in any order, separated by ; or ,."
    );
    let too_large = format!(
        "First name,Last name,Email\n{}",
        "x".repeat(50 * 1024 * 1024)
    );
    assert_eq!(
        refused(too_large, org()).await.1,
        "The file is 50.0 MB; HyOpps reads files of people up to 50 MB. Is it the right file? A list of people that long needs splitting into smaller files."
    );
    assert_eq!(
        refused(good.into(), None).await,
        (
            ErrorCode::Validation,
            "Choose the organisation the people join.".into()
        )
    );
    assert_eq!(
        refused(good.into(), Some("no-such-organisation".into())).await,
        (ErrorCode::NotFound, "There is no such organisation.".into())
    );

    // A partner admin adds to their own organisation only, whatever the request names.
    let pat = partner_admin_of(&f, &organization_id).await;
    let own = f
        .app
        .preview_people_import(&pat, request(None, good))
        .await
        .expect("a partner admin previews for their own organisation");
    assert_eq!((own.organization_name.as_str(), own.new), (PARTNER, 1));
    let other = new_partner_up_to_lms(&f, "Müller + Partner", ["5001", "5002"]).await;
    let other_id = other
        .summary
        .organization_id
        .expect("the other partner exists");
    for attempt in [
        f.app
            .preview_people_import(&pat, request(Some(&other_id), good))
            .await
            .map(|_| ()),
        f.app
            .start_people_import(&pat, request(Some(&other_id), good))
            .await
            .map(|_| ()),
        f.app
            .people_imports(
                &pat,
                PeopleImportsRequest {
                    organization_id: Some(other_id.clone()),
                },
            )
            .await
            .map(|_| ()),
    ] {
        assert_eq!(
            code(
                attempt
                    .expect_err("another organisation is out of reach")
                    .into()
            ),
            (ErrorCode::NotFound, "There is no such organisation.".into())
        );
    }
    assert_eq!(
        executions_started(&f).await,
        before + 1,
        "only the second partner's new_partner started"
    );
    let files = f
        .app
        .people_imports(
            &f.admin,
            PeopleImportsRequest {
                organization_id: Some(organization_id),
            },
        )
        .await
        .unwrap();
    assert!(files.is_empty(), "no file was recorded: {files:?}");
}

#[tokio::test]
async fn ten_thousand_people_are_previewed_each_as_new_and_nothing_starts() {
    let f = configured_app().await;
    let organization_id = partner(&f).await;
    let mut contents = String::from("First name;Last name;Email;Languages\n");
    for i in 0..10_000 {
        contents.push_str(&format!(
            "Seán {i};O'Brien-Müller;person{i}@obrien.example;en\n"
        ));
    }
    let before = executions_started(&f).await;
    let preview = f
        .app
        .preview_people_import(&f.admin, request(Some(&organization_id), &contents))
        .await
        .unwrap();
    assert_eq!(
        (preview.new, preview.skipped, preview.invalid),
        (10_000, 0, 0)
    );
    assert_eq!(preview.rows.last().map(|r| r.line), Some(10_001));
    assert_eq!(executions_started(&f).await, before);
}
