//! The three states of anything the UI waits for.

use hyopps_contract::WireError;

/// A value that is being fetched, has arrived, or could not be had.
///
/// Every asynchronous view renders this through `components::async_view`, so waiting and
/// failing look the same on every screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Async<T> {
    #[default]
    Pending,
    Ready(T),
    Failed(WireError),
}

impl<T> Async<T> {
    pub fn from_result(result: Result<T, WireError>) -> Self {
        match result {
            Ok(value) => Async::Ready(value),
            Err(error) => Async::Failed(error),
        }
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Async::Ready(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, Async::Pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::ErrorCode;

    #[test]
    fn a_result_maps_onto_ready_or_failed() {
        assert_eq!(Async::from_result(Ok::<_, WireError>(3)), Async::Ready(3));
        let error = WireError::new(ErrorCode::Internal, "boom");
        assert_eq!(
            Async::<u8>::from_result(Err(error.clone())),
            Async::Failed(error)
        );
        assert!(
            Async::<u8>::default().is_pending(),
            "nothing has arrived before the first answer"
        );
    }
}
