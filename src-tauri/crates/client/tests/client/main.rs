//! The client against a real hyopps-server on 127.0.0.1 (plain HTTP, and HTTPS with a test
//! certificate authority), and against what is not a HyOpps server.

mod reaching;
mod server;
mod session;
