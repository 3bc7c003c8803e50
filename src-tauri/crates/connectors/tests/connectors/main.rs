//! The connectors against local fakes of their systems, over real HTTP on 127.0.0.1.

mod email;
mod graph;
mod keycloak;
mod metabase;
mod redirects;
mod slack;
mod webhook;
