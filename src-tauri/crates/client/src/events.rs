//! The session's event stream: Server-Sent Events read from the response body as they come.

use hyopps_contract::{ExecutionChanged, WireError, EXECUTION_CHANGED_EVENT, SESSION_ENDED_EVENT};

use crate::{unreachable, ServerUrl};

/// What the server pushes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// An execution the session may see changed.
    ExecutionChanged(ExecutionChanged),
    /// The session ended (signed out, idle, deleted, demoted): the stream closes after it.
    SessionEnded(WireError),
}

/// An open `GET /api/v1/events`.
pub struct EventStream {
    url: ServerUrl,
    response: reqwest::Response,
    /// Bytes received and not yet a whole event.
    pending: Vec<u8>,
}

impl EventStream {
    pub(crate) fn new(url: ServerUrl, response: reqwest::Response) -> Self {
        Self {
            url,
            response,
            pending: Vec::new(),
        }
    }

    /// The next event. `Ok(None)` when the server closed the stream (it stopped, or after
    /// [`ServerEvent::SessionEnded`]); an error when the connection was lost or stayed silent
    /// past the keep-alive.
    pub async fn next(&mut self) -> Result<Option<ServerEvent>, WireError> {
        loop {
            while let Some(block) = take_block(&mut self.pending) {
                if let Some(event) = parse_block(&block) {
                    return Ok(Some(event));
                }
            }
            match self.response.chunk().await {
                Ok(Some(bytes)) => self.pending.extend_from_slice(&bytes),
                Ok(None) => return Ok(None),
                Err(error) => return Err(unreachable::from_request(&self.url, &error)),
            }
        }
    }
}

/// The first whole event block (up to a blank line), taken out of `pending`. Bytes are only
/// decoded once a block is whole, so a character split between two chunks stays intact.
fn take_block(pending: &mut Vec<u8>) -> Option<String> {
    let (end, blank) = (0..pending.len()).find_map(|at| {
        let rest = &pending[at..];
        if rest.starts_with(b"\n\n") {
            Some((at, 2))
        } else if rest.starts_with(b"\r\n\r\n") {
            Some((at, 4))
        } else {
            None
        }
    })?;
    let block = String::from_utf8_lossy(&pending[..end]).replace("\r\n", "\n");
    pending.drain(..end + blank);
    Some(block)
}

/// An event HyOpps knows; keep-alive comments and unknown events are `None`.
fn parse_block(block: &str) -> Option<ServerEvent> {
    let mut name = "message";
    let mut data = Vec::new();
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = value.trim_start();
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    let data = data.join("\n");
    match name {
        EXECUTION_CHANGED_EVENT => serde_json::from_str(&data)
            .ok()
            .map(ServerEvent::ExecutionChanged),
        SESSION_ENDED_EVENT => serde_json::from_str(&data)
            .ok()
            .map(ServerEvent::SessionEnded),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_on_blank_lines_whatever_the_line_ends_and_comments_are_skipped() {
        let mut pending =
            b": keep-alive\n\nevent: session-ended\r\ndata: {\"code\":\"Unauthorized\",\r\ndata: \"message\":\"Signed out.\"}\r\n\r\nevent: exec"
                .to_vec();
        let first = take_block(&mut pending).unwrap();
        assert_eq!(
            parse_block(&first),
            None,
            "a keep-alive comment is no event"
        );
        let second = take_block(&mut pending).unwrap();
        match parse_block(&second) {
            Some(ServerEvent::SessionEnded(error)) => assert_eq!(error.message, "Signed out."),
            other => panic!("a session-ended event over two data lines, got {other:?}"),
        }
        assert_eq!(
            take_block(&mut pending),
            None,
            "half an event waits for the rest"
        );
        assert_eq!(pending, b"event: exec".to_vec());
    }
}
