//! The connectors against local fakes of their systems, over real HTTP and SMTP on 127.0.0.1.

mod email;
mod keycloak;
mod webhook;
