//! A handler's panic answers a 500 wire error, with no details, and the connection lives on.

use axum::routing::get;
use axum::Router;

use super::support::answer;

async fn boom() -> &'static str {
    panic!("a defect with a secret detail")
}

async fn boom_after_an_await() -> &'static str {
    tokio::task::yield_now().await;
    panic!("a defect after an await")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panicking_handler_answers_500_internal_without_details() {
    let routes = Router::new()
        .route("/boom", get(boom))
        .route("/later", get(boom_after_an_await))
        .route("/fine", get(|| async { "fine" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, hyopps_server::guarded(routes)).await });
    // One connection for every request: a panic must not close it.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();

    for path in ["/boom", "/later"] {
        let response = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("a panicking handler still answers instead of dropping the connection");
        let panicked = answer(response).await;
        assert_eq!(
            (panicked.status, panicked.code()),
            (500, "Internal"),
            "{path}: {panicked:?}"
        );
        assert_eq!(
            panicked.body["message"], "internal error",
            "no panic message or detail reaches the client"
        );
    }
    let fine = client.get(format!("{base}/fine")).send().await.unwrap();
    assert_eq!(fine.status(), 200, "the server keeps serving after a panic");
}
