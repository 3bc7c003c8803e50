//! What stops a request, said in words: nothing listening, not HyOpps, an untrusted
//! certificate, a CA file that is not one.

use hyopps_client::ServerClient;
use hyopps_contract::{ErrorCode, ServerAddress};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::server::*;

fn address(url: &str, ca_file: Option<String>) -> ServerAddress {
    ServerAddress {
        url: url.to_owned(),
        ca_file,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_listening_is_unreachable_and_says_so() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client =
        ServerClient::new(&address(&format!("http://127.0.0.1:{port}"), None), None).unwrap();
    let error = client.check().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unreachable);
    assert!(
        error
            .message
            .contains(&format!("Nothing answers at 127.0.0.1:{port}")),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn another_program_on_the_port_is_not_taken_for_hyopps() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 2048];
            let _ = socket.read(&mut request).await;
            let page = "<html>It works!</html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    let client =
        ServerClient::new(&address(&format!("http://127.0.0.1:{port}"), None), None).unwrap();
    let error = client.check().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unreachable);
    assert!(
        error.message.contains("not as a HyOpps server does"),
        "{error:?}"
    );
    let call = client
        .call(None, "list_workflows", &serde_json::json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        call.code,
        ErrorCode::Unreachable,
        "a web page is no answer to a command: {call:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_is_trusted_only_through_the_named_authority() {
    let server = start(true).await;
    let untrusted = ServerClient::new(&server.address, None).unwrap();
    let error = untrusted.check().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unreachable);
    assert!(
        error.message.contains("is not trusted by this computer")
            && error.message.contains("certificate authority's file"),
        "an unknown authority is named as the reason, with what to do: {error:?}"
    );

    let with_ca = address(&server.address.url, Some(format!("{TLS_DIR}/ca.pem")));
    let trusted = ServerClient::new(&with_ca, None).unwrap();
    trusted
        .check()
        .await
        .expect("the named authority makes the certificate trusted");
}

#[test]
fn a_ca_file_that_cannot_be_read_or_holds_no_certificate_is_refused_on_its_field() {
    let missing = ServerClient::new(
        &address(
            "https://hyopps.example.com",
            Some("/nonexistent/ca.pem".into()),
        ),
        None,
    )
    .unwrap_err();
    assert!(
        missing
            .field("ca_file")
            .is_some_and(|m| m.contains("could not be read")),
        "{missing:?}"
    );
    let key = ServerClient::new(
        &address(
            "https://hyopps.example.com",
            Some(format!("{TLS_DIR}/../door.rs")),
        ),
        None,
    )
    .unwrap_err();
    assert!(
        key.field("ca_file")
            .is_some_and(|m| m.contains("holds no certificate")),
        "{key:?}"
    );
    let bad_url = ServerClient::new(&address("http://hyopps.example.com", None), None).unwrap_err();
    assert!(bad_url.field("url").is_some(), "{bad_url:?}");
}
