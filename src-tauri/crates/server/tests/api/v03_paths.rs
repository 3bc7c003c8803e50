//! A script written for HyOpps v0.3, run against hyopps-server: it uses only v0.3's paths,
//! requests and field names (`/api/auth/login`, `/api/executions…`, `/api/partner/…`, the
//! `workflow_name`, the manual input's `firstname`, `email`, `selected_studio_company_ids`…).

use serde_json::{json, Value};

use super::support::*;

/// The v0.3 client: a base address, a bearer token after the login, JSON in and out.
struct V03Script {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
}

impl V03Script {
    fn new(server: &Server) -> Self {
        Self {
            base: server.base.clone(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    async fn login(&mut self, email: &str, password: &str) -> Answer {
        let answer = self
            .post(
                "/api/auth/login",
                json!({"email": email, "password": password}),
            )
            .await;
        self.token = answer.body["token"].as_str().map(str::to_owned);
        answer
    }

    async fn get(&self, path: &str) -> Answer {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("the server answers")).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("the server answers")).await
    }
}

/// The id of the execution's step in `status`, as a v0.3 script looked it up.
fn step_in(execution: &Value, status: &str) -> String {
    execution["steps"]
        .as_array()
        .expect("an execution lists its steps")
        .iter()
        .find(|step| step["status"] == status)
        .and_then(|step| step["id"].as_str())
        .unwrap_or_else(|| panic!("a step is {status}: {execution}"))
        .to_owned()
}

async fn seed_company_of_org_a(server: &Server) {
    server
        .sql(
            "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
               VALUES ('sc-a', 'org-a', 'A-1', 'Org A TEST', 'test', 'now');"
                .to_owned(),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_v03_script_adds_a_partner_user_reads_it_and_retries_a_failed_step() {
    let server = start().await;
    server.admin().await;
    seed_people(&server).await;
    seed_company_of_org_a(&server).await;
    let mut script = V03Script::new(&server);

    let login = script.login(PARTNER.0, PARTNER.1).await;
    assert_eq!(login.status, 200, "v0.3's login signs in: {login:?}");
    assert_eq!(login.body["token_type"], "bearer");
    assert_eq!(
        (
            &login.body["user"]["email"],
            &login.body["user"]["app_role"],
            &login.body["user"]["organization_id"]
        ),
        (&json!(PARTNER.0), &json!("partner_admin"), &json!("org-a")),
        "the user comes back as v0.3's users row: {:?}",
        login.body
    );

    let started = script
        .post(
            "/api/executions",
            json!({"workflow_name": "new_partner_user"}),
        )
        .await;
    assert_eq!(started.status, 200, "v0.3's start: {started:?}");
    let execution = started.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            &started.body["workflow_name"],
            &started.body["organization_id"],
            &started.body["status"],
            &started.body["current_step_order"]
        ),
        (
            &json!("new_partner_user"),
            &json!("org-a"),
            &json!("awaiting_input"),
            &json!(2)
        ),
        "a partner admin's new_partner_user starts at the user's details, in their organisation"
    );

    // v0.3's manual-input keys, flat, as v0.3 stored them.
    let step = step_in(&started.body, "awaiting_input");
    let submitted = script
        .post(
            &format!("/api/executions/{execution}/steps/{step}/input"),
            json!({
                "firstname": "Ada", "lastname": "Lovelace", "email": "ada@org-a.example",
                "languages": ["en", "fr"], "skills": [], "roles": [],
                "selected_studio_company_ids": ["sc-a"], "notes": "from a v0.3 script",
            }),
        )
        .await;
    assert_eq!(submitted.status, 200, "v0.3's input: {submitted:?}");
    let details = &submitted.body["steps"][1];
    assert_eq!(
        (&details["status"], &details["manual_input"]["firstname"]),
        (&json!("completed"), &json!("Ada")),
        "the step took the input under v0.3's names: {details}"
    );
    assert_eq!(submitted.body["current_step_order"], 3);

    // The same input again is refused: the execution has moved on to another step.
    let again = script
        .post(
            &format!("/api/executions/{execution}/steps/{step}/input"),
            json!({"firstname": "Ada"}),
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (409, "Conflict"),
        "input for a step the execution is not at changes nothing: {again:?}"
    );

    let read = script.get(&format!("/api/executions/{execution}")).await;
    assert_eq!(read.status, 200, "{read:?}");
    assert_eq!(read.body["id"], json!(execution));
    assert_eq!(
        read.body["steps"][1]["manual_input"]["email"],
        "ada@org-a.example"
    );
    let status = read.body["status"].as_str().unwrap();
    let listed = script
        .get(&format!(
            "/api/executions?workflow_name=new_partner_user&status={status}"
        ))
        .await;
    assert_eq!(listed.status, 200, "{listed:?}");
    let ids: Vec<&str> = listed
        .body
        .as_array()
        .expect("v0.3 answered the list as an array")
        .iter()
        .filter_map(|row| row["id"].as_str())
        .collect();
    assert_eq!(ids, [execution.as_str()], "the filtered list: {listed:?}");
    let none = script.get("/api/executions?status=completed").await;
    assert_eq!(none.body, json!([]), "the status filter applies");
    let unknown = script.get("/api/executions?status=done").await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (422, "Validation"),
        "v0.3 had no status \"done\": {unknown:?}"
    );

    // A step that failed (as an outside system might make it) is retried by its id.
    server
        .sql(format!(
            "UPDATE workflow_step_executions SET status = 'failed', error = 'Slack said no'
               WHERE execution_id = '{execution}' AND step_order = 3;
             UPDATE workflow_executions SET status = 'failed' WHERE id = '{execution}';"
        ))
        .await;
    let failed = script.get(&format!("/api/executions/{execution}")).await;
    let failed_step = step_in(&failed.body, "failed");
    let not_failed = script
        .post(
            &format!("/api/executions/{execution}/steps/{step}/retry"),
            json!({}),
        )
        .await;
    assert_eq!(
        (not_failed.status, not_failed.code()),
        (409, "Conflict"),
        "a step that did not fail is not retried: {not_failed:?}"
    );
    let retried = script
        .post(
            &format!("/api/executions/{execution}/steps/{failed_step}/retry"),
            json!({}),
        )
        .await;
    assert_eq!(retried.status, 200, "v0.3's retry: {retried:?}");
    assert_ne!(
        retried.body["steps"][2]["status"], "failed",
        "the step runs again: {retried:?}"
    );
    assert_ne!(retried.body["status"], "failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn v03_partner_paths_answer_the_sessions_organisation_and_refuse_others() {
    let server = start().await;
    let admin = server.admin().await;
    seed_people(&server).await;
    seed_company_of_org_a(&server).await;
    // Organisation B's execution, started by the admin.
    let other = server
        .call(
            Some(&admin),
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .await;
    let other_id = other.body["summary"]["id"].as_str().unwrap().to_owned();
    server
        .call(
            Some(&admin),
            "submit_step_input",
            json!({"request": {"execution_id": other_id, "input": {"organization_id": "org-b"}}}),
        )
        .await;

    let mut signed_out = V03Script::new(&server);
    let refused = signed_out.get("/api/partner/users").await;
    assert_eq!((refused.status, refused.code()), (401, "Unauthorized"));
    let wrong = signed_out.login(PARTNER.0, "not the password").await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (401, "Unauthorized"),
        "a wrong password is refused as by sign_in: {wrong:?}"
    );

    let mut must_change = V03Script::new(&server);
    let first = must_change.login(NEW_PARTNER.0, NEW_PARTNER.1).await;
    assert_eq!(
        (first.status, &first.body["must_change_password"]),
        (200, &json!(true)),
        "the login says a new password is due: {first:?}"
    );
    let not_yet = must_change.get("/api/executions").await;
    assert_eq!(
        (not_yet.status, not_yet.code()),
        (403, "Forbidden"),
        "nothing else until the password is changed, as on /api/v1: {not_yet:?}"
    );

    let mut partner = V03Script::new(&server);
    partner.login(PARTNER.0, PARTNER.1).await;
    let organization = partner.get("/api/partner/organization").await;
    assert_eq!(organization.status, 200, "{organization:?}");
    assert_eq!(
        (&organization.body["id"], &organization.body["name"]),
        (&json!("org-a"), &json!("Org A")),
        "the organisation is the session's"
    );
    assert_eq!(organization.body["studio_companies"][0]["studio_id"], "A-1");
    let users = partner.get("/api/partner/users").await;
    assert_eq!(users.status, 200, "{users:?}");
    let emails: Vec<&str> = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["email"].as_str())
        .collect();
    assert!(emails.contains(&PARTNER.0), "{emails:?}");
    assert!(
        !emails.contains(&"tom@org-b.example"),
        "another organisation's people are not listed: {emails:?}"
    );
    let others = partner.get(&format!("/api/executions/{other_id}")).await;
    assert_eq!(
        (others.status, others.code()),
        (404, "NotFound"),
        "another organisation's execution does not exist for a partner admin: {others:?}"
    );
    let listed = partner.get("/api/executions").await;
    assert_eq!(
        listed.body,
        json!([]),
        "a partner admin lists only their organisation's executions"
    );
    let new_partner = partner
        .post("/api/executions", json!({"workflow_name": "new_partner"}))
        .await;
    assert_eq!(
        (new_partner.status, new_partner.code()),
        (403, "Forbidden"),
        "only administrators start new_partner: {new_partner:?}"
    );

    let mut admin_script = V03Script::new(&server);
    admin_script.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let not_partner = admin_script.get("/api/partner/users").await;
    assert_eq!(
        (not_partner.status, not_partner.code()),
        (403, "Forbidden"),
        "the partner paths are for partner admins: {not_partner:?}"
    );
    let all = admin_script.get("/api/executions").await;
    assert_eq!(
        all.body[0]["id"],
        json!(other_id),
        "the admin sees it: {all:?}"
    );
    let bad = admin_script
        .post("/api/executions", json!({"workflow": "new_partner"}))
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (400, "Validation"),
        "a start without workflow_name is not v0.3's JSON: {bad:?}"
    );
    let huge = admin_script
        .post(
            "/api/executions",
            json!({"workflow_name": "x".repeat(2 * 1024 * 1024)}),
        )
        .await;
    assert_eq!(
        (huge.status, huge.code()),
        (413, "Validation"),
        "the v0.3 paths have the same 1 MiB limit: {:?}",
        huge.status
    );
}
