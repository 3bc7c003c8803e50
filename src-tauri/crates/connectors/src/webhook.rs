//! Studio has no public API: its auto steps call a webhook configured per step
//! (`[webhooks.<step>]`: method, URL, headers with the secret, a JSON body template over the
//! step's context, and where the answer holds the new id). A step without a webhook becomes a
//! manual task that says exactly what to do in Studio, instead of pretending success.
//!
//! `send_studio_invite` is done by Keycloak where Studio signs in through it; where it does not,
//! the same step can call a webhook instead (this connector then stands in for Keycloak).
//!
//! Every call carries an `Idempotency-Key` derived from what it asks for, so a retry after a
//! timeout can be recognised by the receiver; whether it is depends on the receiver.
//!
//! There is no `test_connection`: calling a webhook does the step's work, so no call is
//! harmless. [`WebhookConnector::check`] checks the settings without calling.

mod template;

use std::collections::BTreeMap;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use url::Url;

use crate::http::Http;
use crate::systems::{BoxFuture, GroupRef, KeycloakApi, KeycloakInvite, StudioApi};
use crate::{ConnectorError, ConnectorResult, WebhookSettings};
use template::TemplateError;

const GRANT_COMPANIES: &str = "add_user_to_studio_companies";
const CREATE_USER_COMPANY: &str = "create_studio_user_company";
const SEND_INVITE: &str = "send_studio_invite";
const REMOVE_ACCESS: &str = "remove_studio_access";
const SECRET_PLACEHOLDER: &str = "{{secret}}";

pub struct WebhookConnector {
    /// Keyed by step name.
    webhooks: BTreeMap<String, WebhookSettings>,
    http: Http,
}

/// A webhook call ready to send.
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Value,
}

impl WebhookConnector {
    pub fn new(webhooks: BTreeMap<String, WebhookSettings>) -> Self {
        Self {
            webhooks,
            http: Http::new("The Studio webhook"),
        }
    }

    /// Checks the webhook of `step` without calling it: method, URL, headers, secret, and the
    /// body template filled with sample values of the step's context.
    pub fn check(&self, step: &str) -> ConnectorResult<String> {
        let Some(webhook) = self.configured(step) else {
            return Err(ConnectorError::NotConfigured {
                system: format!("The webhook for {step}"),
            });
        };
        let sample = match step {
            GRANT_COMPANIES => grant_context("someone@example.com", &["1001".into()]),
            CREATE_USER_COMPANY => company_context("someone@example.com", "Ada Lovelace"),
            SEND_INVITE => {
                invite_context("someone@example.com", "Ada", "Lovelace", None, "ext-acme")
            }
            REMOVE_ACCESS => removal_context("someone@example.com", &["1001".into()], Some("2001")),
            _ => Map::new(),
        };
        let prepared = prepare(step, webhook, &sample)?;
        Ok(format!(
            "The webhook for {step} is ready: {} {} with a valid JSON body (not called: every call does the step's work).",
            prepared.method, prepared.url
        ))
    }

    fn configured(&self, step: &str) -> Option<&WebhookSettings> {
        self.webhooks
            .get(step)
            .filter(|webhook| !webhook.url.trim().is_empty())
    }

    /// Calls the webhook of `step` with the filled-in body and returns the answer's text.
    async fn call(
        &self,
        step: &str,
        context: Map<String, Value>,
        what: &str,
        by_hand: impl FnOnce() -> String,
    ) -> ConnectorResult<String> {
        let Some(webhook) = self.configured(step) else {
            return Err(ConnectorError::ManualTask {
                instructions: format!(
                    "No webhook is configured for {step} (Settings → Webhooks), so do it in Studio by hand: {} Then complete this step by hand here.",
                    by_hand()
                ),
            });
        };
        let prepared = prepare(step, webhook, &context)?;
        let request = self
            .http
            .client()
            .request(prepared.method, prepared.url)
            .headers(prepared.headers)
            .json(&prepared.body);
        let advice = format!(
            "Check the webhook for {step} in Settings → Webhooks (URL, headers, secret, body template)."
        );
        let response = self
            .http
            .send_expecting_success(request, what, &advice)
            .await?;
        Ok(response.text().await.unwrap_or_default())
    }
}

impl StudioApi for WebhookConnector {
    fn grant_companies<'a>(
        &'a self,
        email: &'a str,
        studio_ids: &'a [String],
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let companies = studio_ids.join(", ");
            let what = format!(
                "give {email} access to the Studio companies {companies} ({GRANT_COMPANIES})"
            );
            self.call(GRANT_COMPANIES, grant_context(email, studio_ids), &what, || {
                format!("give the user {email} access to the Studio companies with ids {companies}.")
            })
            .await?;
            Ok(())
        })
    }

    fn create_user_company<'a>(&'a self, email: &'a str, name: &'a str) -> BoxFuture<'a, GroupRef> {
        Box::pin(async move {
            let what = format!(
                "create the personal Studio company \"{name}\" for {email} ({CREATE_USER_COMPANY})"
            );
            let answer = self
                .call(CREATE_USER_COMPANY, company_context(email, name), &what, || {
                    format!("create a personal company named \"{name}\" for the user {email}, and note its Studio id.")
                })
                .await?;
            // `configured` held when the call was made.
            let pointer = self
                .configured(CREATE_USER_COMPANY)
                .map(|webhook| webhook.id_pointer.trim())
                .unwrap_or_default();
            let id = id_at(
                CREATE_USER_COMPANY,
                "the new company's id",
                &answer,
                pointer,
            )?;
            Ok(GroupRef {
                id,
                name: name.to_string(),
            })
        })
    }

    fn revoke_access<'a>(
        &'a self,
        email: &'a str,
        studio_ids: &'a [String],
        personal_company: Option<&'a str>,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let what = format!("take {email}'s Studio access away ({REMOVE_ACCESS})");
            let context = removal_context(email, studio_ids, personal_company);
            self.call(REMOVE_ACCESS, context, &what, || {
                let companies = if studio_ids.is_empty() {
                    "no company access to remove".to_string()
                } else {
                    format!(
                        "remove the user {email} from the Studio companies with ids {}",
                        studio_ids.join(", ")
                    )
                };
                match personal_company {
                    Some(id) => {
                        format!("{companies}, and delete their personal company (Studio id {id}).")
                    }
                    None => format!("{companies}; they have no personal company."),
                }
            })
            .await?;
            Ok(())
        })
    }
}

/// Stands in for Keycloak where Studio does not sign in through it: the `send_studio_invite`
/// webhook invites the user; its answer holds the Studio user id.
impl KeycloakApi for WebhookConnector {
    /// Where Studio does not sign in through Keycloak there is no account here to take away:
    /// a person removes the Studio sign-in by hand.
    fn leave_group<'a>(
        &'a self,
        email: &'a str,
        _group_id: &'a str,
    ) -> BoxFuture<'a, crate::KeycloakLeave> {
        Box::pin(async move {
            Err(ConnectorError::ManualTask {
                instructions: format!(
                    "Keycloak is not used for Studio's sign-in here (Studio signs people in itself), so HyOpps cannot take {email}'s sign-in away. Remove {email}'s Studio sign-in in Studio by hand, then complete this step by hand here."
                ),
            })
        })
    }

    /// Nor a group to empty: the organisation's Studio sign-ins go in Studio, by hand.
    fn empty_group<'a>(&'a self, _group_id: &'a str) -> BoxFuture<'a, crate::GroupEmptied> {
        Box::pin(async move {
            Err(ConnectorError::ManualTask {
                instructions: "Keycloak is not used for Studio's sign-in here (Studio signs people in itself): remove the organisation's remaining Studio sign-ins in Studio by hand, then complete this step by hand here.".into(),
            })
        })
    }

    /// Nor who is in a group.
    fn group_rosters<'a>(
        &'a self,
        _group_ids: &'a [String],
    ) -> BoxFuture<'a, Vec<crate::GroupRoster>> {
        Box::pin(async move {
            Err(ConnectorError::Permanent {
                message: "Keycloak is not used for Studio's sign-in here and Studio has no API to ask, so HyOpps cannot tell who signs in to Studio.".into(),
            })
        })
    }

    /// Studio has no API to ask who signs in: nothing to read.
    fn presence<'a>(
        &'a self,
        email: &'a str,
        _group_id: Option<&'a str>,
    ) -> BoxFuture<'a, crate::KeycloakPresence> {
        Box::pin(async move {
            Err(ConnectorError::Permanent {
                message: format!(
                    "Keycloak is not used for Studio's sign-in here and Studio has no API to ask, so HyOpps cannot tell whether {email} signs in to Studio."
                ),
            })
        })
    }

    fn invite_user<'a>(
        &'a self,
        email: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        group_id: Option<&'a str>,
        group_name: &'a str,
    ) -> BoxFuture<'a, KeycloakInvite> {
        Box::pin(async move {
            let what = format!("invite {email} to Studio ({SEND_INVITE})");
            let context = invite_context(email, first_name, last_name, group_id, group_name);
            let answer = self
                .call(SEND_INVITE, context, &what, || {
                    format!("invite {first_name} {last_name} <{email}> to Studio, and note their Studio user id.")
                })
                .await?;
            let pointer = self
                .configured(SEND_INVITE)
                .map(|webhook| webhook.id_pointer.trim())
                .unwrap_or_default();
            Ok(KeycloakInvite {
                user_id: id_at(SEND_INVITE, "the invited user's id", &answer, pointer)?,
                // Studio's own grouping is the receiver's business: nothing to record here
                // unless the organisation already names its group.
                group: GroupRef {
                    id: group_id.unwrap_or_default().to_string(),
                    name: group_name.to_string(),
                },
            })
        })
    }
}

fn invite_context(
    email: &str,
    first_name: &str,
    last_name: &str,
    group_id: Option<&str>,
    group_name: &str,
) -> Map<String, Value> {
    object(json!({
        "email": email, "first_name": first_name, "last_name": last_name,
        "group_id": group_id, "group_name": group_name,
    }))
}

fn grant_context(email: &str, studio_ids: &[String]) -> Map<String, Value> {
    object(json!({ "email": email, "studio_ids": studio_ids }))
}

fn removal_context(
    email: &str,
    studio_ids: &[String],
    personal_company: Option<&str>,
) -> Map<String, Value> {
    object(json!({
        "email": email, "studio_ids": studio_ids, "personal_company_id": personal_company,
    }))
}

fn company_context(email: &str, name: &str) -> Map<String, Value> {
    object(json!({ "email": email, "name": name }))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn prepare(
    step: &str,
    webhook: &WebhookSettings,
    context: &Map<String, Value>,
) -> ConnectorResult<Prepared> {
    let setting_error = |problem: String| ConnectorError::Permanent {
        message: format!("The webhook for {step} {problem}: correct it in Settings → Webhooks."),
    };
    let method = match webhook.method.trim().to_ascii_uppercase().as_str() {
        "" | "POST" => Method::POST,
        "PUT" => Method::PUT,
        "PATCH" => Method::PATCH,
        other => {
            return Err(setting_error(format!(
                "has the method {other:?}; use POST, PUT or PATCH"
            )))
        }
    };
    let url = Url::parse(webhook.url.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .ok_or_else(|| {
            setting_error(format!(
                "has the URL {:?}, which is not an http(s) URL",
                webhook.url
            ))
        })?;
    let mut headers = HeaderMap::new();
    for (name, value) in &webhook.headers {
        let uses_secret = value.contains(SECRET_PLACEHOLDER);
        if uses_secret && webhook.secret.is_empty() {
            return Err(setting_error(format!(
                "uses {SECRET_PLACEHOLDER} in the header {name}, but no secret is stored for it; enter the secret"
            )));
        }
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
            setting_error(format!(
                "has a header named {name:?}, which is not a valid header name"
            ))
        })?;
        // The message names the header only: its value may hold the secret.
        let mut header_value =
            HeaderValue::from_str(&value.replace(SECRET_PLACEHOLDER, webhook.secret.expose()))
                .map_err(|_| {
                    setting_error(format!(
                        "has a value for the header {name} that a header cannot carry"
                    ))
                })?;
        header_value.set_sensitive(uses_secret);
        headers.append(header_name, header_value);
    }
    let body = template::render(&webhook.body, context).map_err(|error| match error {
        TemplateError::UnknownPlaceholder(key) => {
            let known: Vec<&str> = context.keys().map(String::as_str).collect();
            setting_error(format!(
                "uses the placeholder {{{{{key}}}}} in its body, which this step does not have (it has: {})",
                known.join(", ")
            ))
        }
        TemplateError::Unclosed => setting_error("has a {{ without its }} in its body".into()),
        TemplateError::NotJson(error) => setting_error(format!(
            "has a body that is not JSON once filled in ({error}); a placeholder is a whole JSON value, so write \"email\": {{{{email}}}}, without quotes around it"
        )),
    })?;
    // The same step with the same values always sends the same key, so a receiver that honours
    // `Idempotency-Key` (IETF httpapi draft) can tell the engine's retry of a request that timed
    // out from a new one. A key set in Settings is the admin's choice and wins.
    if !headers.contains_key(IDEMPOTENCY_KEY) {
        headers.insert(
            IDEMPOTENCY_KEY,
            HeaderValue::from_str(&idempotency_key(step, &method, &url, &body))
                .expect("hex digits are a valid header value"),
        );
    }
    Ok(Prepared {
        method,
        url,
        headers,
        body,
    })
}

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// SHA-256 over what the request does, in hex: stable across retries and restarts, different
/// for another step, person or company.
fn idempotency_key(step: &str, method: &Method, url: &Url, body: &Value) -> String {
    let digest = Sha256::new()
        .chain_update(step)
        .chain_update([0])
        .chain_update(method.as_str())
        .chain_update([0])
        .chain_update(url.as_str())
        .chain_update([0])
        .chain_update(body.to_string())
        .finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The id at `pointer` (RFC 6901) in the webhook's answer: a non-empty string, or a number.
/// The id the webhook of `step` answered with, at the configured JSON pointer; `what` names it
/// ("the new company's id") for the message when it is not there.
fn id_at(step: &str, what: &str, answer: &str, pointer: &str) -> ConnectorResult<String> {
    let found_nothing = |detail: String| {
        ConnectorError::Permanent {
        message: format!(
            "The Studio webhook for {step} answered, but {detail}. Check the id pointer in Settings → Webhooks against what Studio answers, or complete this step by hand with {what}."
        ),
    }
    };
    if pointer.is_empty() {
        return Err(found_nothing(format!(
            "no id pointer is set to say where {what} is (e.g. /id)"
        )));
    }
    let json: Value = serde_json::from_str(answer.trim()).map_err(|_| {
        found_nothing(format!(
            "its answer is not JSON, so nothing can be read at the id pointer {pointer}"
        ))
    })?;
    match json.pointer(pointer) {
        Some(Value::String(id)) if !id.trim().is_empty() => Ok(id.trim().to_string()),
        Some(Value::Number(id)) => Ok(id.to_string()),
        _ => {
            let keys = match &json {
                Value::Object(map) => map
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            Err(found_nothing(format!(
                "the id pointer {pointer} found no id in its answer (its top-level keys: {})",
                if keys.is_empty() { "none" } else { &keys }
            )))
        }
    }
}
