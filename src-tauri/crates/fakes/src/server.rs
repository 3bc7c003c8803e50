//! Serving one fake on an ephemeral 127.0.0.1 port for as long as the handle lives.

use std::net::SocketAddr;

use axum::Router;
use tokio::sync::oneshot;

/// A fake listening on 127.0.0.1; dropping it stops the server.
pub struct FakeServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl FakeServer {
    /// Binds an ephemeral port on 127.0.0.1 and serves `router` on the current tokio runtime.
    pub async fn start(router: Router) -> std::io::Result<Self> {
        Self::start_on(router, 0).await
    }

    /// Like [`FakeServer::start`] on a fixed port (0 = any), for a process that must print its
    /// addresses before anything connects.
    pub async fn start_on(router: Router, port: u16) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!("a fake server stopped: {error}");
            }
        });
        Ok(Self {
            address,
            stop: Some(stop),
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
