use std::time::Duration;

use serde_json::{json, Value};

use super::support::*;

/// Reads a Server-Sent Events stream one event at a time.
struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    async fn open(server: &Server, token: &str) -> EventStream {
        let response = server.events(Some(token)).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream",
            "a Server-Sent Events stream"
        );
        EventStream {
            response,
            buffer: String::new(),
        }
    }

    /// The next event's name and data; `None` when the stream ended.
    async fn next(&mut self) -> Option<(String, Value)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim());
                    }
                }
                if data.is_empty() {
                    continue; // a keep-alive comment
                }
                return Some((name, serde_json::from_str(&data).unwrap()));
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.response.chunk())
                .await
                .expect("an event within 10 s")
                .expect("the stream reads");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk?));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partner_admin_streams_only_their_organisations_executions() {
    let server = start().await;
    let admin = server.admin().await;
    seed_people(&server).await;
    let partner = server.sign_in(PARTNER.0, PARTNER.1).await.unwrap();
    let mut admins_events = EventStream::open(&server, &admin).await;
    let mut partners_events = EventStream::open(&server, &partner).await;

    // Organisation B's execution, then organisation A's.
    let other = server
        .call(
            Some(&admin),
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .await;
    let other_id = other.body["summary"]["id"].as_str().unwrap().to_owned();
    let picked = server
        .call(
            Some(&admin),
            "submit_step_input",
            json!({"request": {"execution_id": other_id, "input": {"organization_id": "org-b"}}}),
        )
        .await;
    assert_eq!(picked.status, 200, "{picked:?}");
    let own = server
        .call(
            Some(&partner),
            "start_execution",
            json!({"request": {"workflow": "new_partner_user"}}),
        )
        .await;
    let own_id = own.body["summary"]["id"].as_str().unwrap().to_owned();

    let (name, first) = partners_events.next().await.unwrap();
    assert_eq!(name, "execution-changed");
    assert_eq!(
        first["execution_id"], own_id,
        "the partner admin's first event is their own organisation's execution: organisation B's were left out"
    );
    let mut seen_by_admin = Vec::new();
    while !seen_by_admin.contains(&own_id) {
        let (name, event) = admins_events.next().await.unwrap();
        assert_eq!(name, "execution-changed");
        assert!(event["execution_status"].is_string(), "{event}");
        seen_by_admin.push(event["execution_id"].as_str().unwrap().to_owned());
    }
    assert!(
        seen_by_admin.contains(&other_id),
        "the admin sees every execution: {seen_by_admin:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stream_needs_a_signed_in_session_and_ends_with_it() {
    let server = start().await;
    let signed_out = answer(server.events(None).await).await;
    assert_eq!(
        (signed_out.status, signed_out.code()),
        (401, "Unauthorized")
    );
    let must_change = server.sign_in(ADMIN_EMAIL, SEEDED_PASSWORD).await.unwrap();
    let refused = answer(server.events(Some(&must_change)).await).await;
    assert_eq!((refused.status, refused.code()), (403, "Forbidden"));

    let admin = server.admin().await;
    let mut events = EventStream::open(&server, &admin).await;
    let other_admin = server.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    server.call(Some(&admin), "sign_out", json!({})).await;
    server
        .call(
            Some(&other_admin),
            "start_execution",
            json!({"request": {"workflow": "new_partner"}}),
        )
        .await;
    let (name, error) = events.next().await.unwrap();
    assert_eq!(
        (name.as_str(), error["code"].as_str()),
        ("session-ended", Some("Unauthorized")),
        "a signed-out session's stream says so and ends: {error}"
    );
    assert!(events.next().await.is_none(), "the stream ended");
}
