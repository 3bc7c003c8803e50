//! The connectors against their local fakes, over real HTTP on 127.0.0.1.

mod graph;
mod slack;
