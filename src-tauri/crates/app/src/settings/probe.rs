//! "Test connection" and "Send test email": one real, harmless call with the settings in effect
//! (for a webhook, which has none, as much as can be done without calling it: `webhook_check`).

use hyopps_connectors::{
    ConnectorResult, GraphConnector, KeycloakConnector, MetabaseConnector, SlackConnector,
    SmtpConnector,
};
use hyopps_contract::ConnectionCheck;

use super::build;
use super::effective::SystemValues;
use crate::AppError;

pub(crate) async fn test_connection(values: &SystemValues) -> ConnectionCheck {
    let system = values.spec.id.clone();
    if !values.is_configured() {
        return ConnectionCheck {
            system,
            ok: false,
            message: values.missing_message(),
        };
    }
    let outcome: ConnectorResult<String> = match system.as_str() {
        "metabase" => match build::metabase(values) {
            Some(settings) => MetabaseConnector::new(settings).test_connection().await,
            None => Ok(values.missing_message()),
        },
        "graph" => match build::graph(values) {
            Some(settings) => GraphConnector::new(settings).test_connection().await,
            None => Ok(values.missing_message()),
        },
        "slack" => match build::slack(values) {
            Some(settings) => SlackConnector::new(settings).test_connection().await,
            None => Ok(values.missing_message()),
        },
        "keycloak" => match build::keycloak(values) {
            Some(settings) => KeycloakConnector::new(settings).test_connection().await,
            None => Ok(values.missing_message()),
        },
        "smtp" => match build::smtp(values).map(SmtpConnector::new) {
            Some(Ok(email)) => email.test_connection().await,
            Some(Err(error)) => Err(error),
            None => Ok(values.missing_message()),
        },
        _ => return super::webhook_check::test_connection(values).await,
    };
    match outcome {
        Ok(message) => ConnectionCheck {
            system,
            ok: true,
            message,
        },
        Err(error) => ConnectionCheck {
            system,
            ok: false,
            message: error.to_string(),
        },
    }
}

pub(crate) async fn send_test_email(
    values: &SystemValues,
    to: &str,
) -> Result<ConnectionCheck, AppError> {
    let system = values.spec.id.clone();
    let Some(settings) = build::smtp(values) else {
        return Ok(ConnectionCheck {
            system,
            ok: false,
            message: values.missing_message(),
        });
    };
    let outcome = match SmtpConnector::new(settings) {
        Ok(email) => email.send_test_email(to).await,
        Err(error) => Err(error),
    };
    Ok(match outcome {
        Ok(message) => ConnectionCheck {
            system,
            ok: true,
            message,
        },
        Err(error) => ConnectionCheck {
            system,
            ok: false,
            message: error.to_string(),
        },
    })
}
