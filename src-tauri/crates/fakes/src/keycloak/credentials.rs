//! `GET /admin/realms/{realm}/users/{id}/credentials`: the user's credentials as Keycloak lists
//! them, an empty array for a user who has never set a password.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::{answer, lock, refusal, Shared};

pub(super) async fn list(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.user(&id).is_none() {
        return answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}));
    }
    let credentials: Vec<Value> = state
        .passwords
        .contains(&id)
        .then(|| {
            json!({
                "id": format!("{id}-password"), "type": "password", "userLabel": "My password",
                "createdDate": 1_767_225_600_000_u64,
                "credentialData": "{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\"}",
            })
        })
        .into_iter()
        .collect();
    answer(StatusCode::OK, Value::Array(credentials))
}
