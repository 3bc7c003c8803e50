//! The connectors against local fakes of their systems, over real HTTP on 127.0.0.1.

mod graph;
mod metabase;
mod slack;
