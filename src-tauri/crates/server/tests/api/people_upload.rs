//! A file of people through the server: far larger than any other command's body, so it is
//! read only for a live session and has a limit of its own.

use hyopps_server::{MAX_BODY_BYTES, MAX_UPLOAD_BYTES};
use serde_json::json;

use super::support::*;

/// 2 MB of people (a column of notes HyOpps does not read makes each line long): over the
/// other commands' limit, well under a file's.
fn many_people() -> String {
    let notes = "Met at the partner day in Köln; prefers email; ".repeat(4);
    let mut contents = String::from("First name;Last name;Email;Notes\n");
    let mut i = 0;
    while contents.len() <= 2 * MAX_BODY_BYTES {
        contents.push_str(&format!(
            "Seán {i};O'Brien & Söhne;person{i}@org-b.example;\"{notes}\"\n"
        ));
        i += 1;
    }
    contents
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_file_of_people_is_previewed_for_a_signed_in_admin_and_refused_signed_out() {
    let server = start().await;
    seed_people(&server).await;
    let admin = server.admin().await;
    let args = json!({"request": {
        "organization_id": "org-b",
        "file": {"file_name": "people.csv", "contents": many_people()}
    }});
    let preview = server
        .call(Some(&admin), "preview_people_import", args.clone())
        .await;
    assert_eq!(preview.status, 200, "{:?}", preview.body["message"]);
    assert_eq!(preview.body["invalid"], 0);
    assert!(
        preview.body["new"].as_u64().unwrap() > 5_000,
        "every row read: {}",
        preview.body["new"]
    );

    // No session, no large body read: the server answers 401 without reading the file and
    // closes the connection, so the client hears either that 401 or, when it was still sending
    // the file, that the connection was closed on it. Never the preview.
    let signed_out = reqwest::Client::new()
        .post(format!("{}/api/v1/preview_people_import", server.base))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&args).unwrap())
        .send()
        .await;
    match signed_out {
        Ok(response) => {
            let signed_out = answer(response).await;
            assert_eq!(
                (signed_out.status, signed_out.code()),
                (401, "Unauthorized"),
                "no session, no preview"
            );
        }
        Err(error) => assert!(
            error.is_request(),
            "the only other outcome is the connection closed while sending: {error}"
        ),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_upload_limit_is_413_and_starts_nothing() {
    let server = start().await;
    seed_people(&server).await;
    let admin = server.admin().await;
    let answer = server
        .post(
            "/api/v1/start_people_import",
            Some(&admin),
            vec![b' '; MAX_UPLOAD_BYTES + 1],
        )
        .await;
    assert_eq!((answer.status, answer.code()), (413, "Validation"));
    let listed = server
        .call(
            Some(&admin),
            "people_imports",
            json!({"request": {"organization_id": "org-b"}}),
        )
        .await;
    assert_eq!(listed.body, json!([]), "no file recorded");
}
