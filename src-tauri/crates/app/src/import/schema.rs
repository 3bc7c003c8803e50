//! The tables of a HyOpps v0.3 database, in the order they are imported: every table
//! comes after the tables its rows point to.

/// One v0.3 table: the columns read from it, and the ones without which it is not v0.3's table.
/// A missing column that is not required reads as NULL (older v0.3 databases lack some).
pub(crate) struct V03Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub required: &'static [&'static str],
    /// Older v0.3 databases do not have it; then it imports as empty.
    pub optional: bool,
}

pub(crate) const TABLES: &[V03Table] = &[
    V03Table {
        name: "organizations",
        columns: &["id", "name", "account_types", "created_at"],
        required: &["id", "name"],
        optional: false,
    },
    V03Table {
        name: "users",
        columns: &[
            "id",
            "firstname",
            "lastname",
            "email",
            "languages",
            "skills",
            "roles",
            "organization_id",
            "app_role",
            "password_hash",
            // Older v0.3 databases lack it.
            "metabase_user_id",
            "created_at",
        ],
        required: &["id", "email", "app_role", "password_hash"],
        optional: false,
    },
    V03Table {
        name: "studio_companies",
        columns: &[
            "id",
            "organization_id",
            "studio_id",
            "name",
            "environment",
            "created_at",
        ],
        required: &["id", "organization_id", "studio_id"],
        optional: false,
    },
    V03Table {
        name: "user_studio_access",
        columns: &[
            "id",
            "user_id",
            "studio_company_id",
            "granted_at",
            "revoked_at",
        ],
        required: &["id", "user_id", "studio_company_id"],
        optional: false,
    },
    V03Table {
        name: "user_studio_companies",
        columns: &["id", "user_id", "studio_id", "name", "created_at"],
        required: &["id", "user_id", "studio_id"],
        optional: false,
    },
    V03Table {
        name: "system_groups",
        columns: &[
            "id",
            "organization_id",
            "tool",
            "external_name",
            "external_id",
            "created_at",
        ],
        required: &["id", "organization_id", "tool"],
        optional: false,
    },
    V03Table {
        name: "organization_integrations",
        columns: &[
            "id",
            "organization_id",
            "keycloak_confirmed",
            "keycloak_cluster",
            "metabase_collection_id",
            "lms_confirmed",
            "updated_at",
        ],
        required: &["id", "organization_id"],
        optional: false,
    },
    V03Table {
        name: "organization_documentation",
        columns: &[
            "id",
            "organization_id",
            "internal_docu",
            "generique_docu",
            "add_docu",
            "updated_at",
        ],
        required: &["id", "organization_id"],
        // Older v0.3 databases do not have it.
        optional: true,
    },
    V03Table {
        name: "resources",
        columns: &["id", "name", "type", "has_api", "created_at"],
        required: &["id", "name"],
        optional: false,
    },
    V03Table {
        name: "access_grants",
        columns: &[
            "id",
            "user_id",
            "resource_id",
            "permission",
            "granted_by",
            "granted_at",
            "revoked_at",
            "execution_id",
        ],
        required: &["id", "user_id", "resource_id"],
        optional: false,
    },
    V03Table {
        name: "workflow_definitions",
        columns: &["id", "name", "description", "created_at"],
        required: &["id", "name"],
        optional: false,
    },
    V03Table {
        name: "workflow_step_definitions",
        columns: &[
            "id",
            "workflow_definition_id",
            "step_order",
            "name",
            "label",
            "type",
            "description",
        ],
        required: &["id", "workflow_definition_id", "step_order", "name"],
        optional: false,
    },
    V03Table {
        name: "workflow_executions",
        columns: &[
            "id",
            "workflow_definition_id",
            "organization_id",
            "user_id",
            "requested_by",
            "status",
            "current_step_order",
            "created_at",
            "completed_at",
        ],
        required: &["id", "workflow_definition_id", "status"],
        optional: false,
    },
    V03Table {
        name: "workflow_step_executions",
        columns: &[
            "id",
            "execution_id",
            "step_definition_id",
            "step_order",
            "status",
            "manual_input",
            "output",
            "error",
            "completed_by",
            "started_at",
            "completed_at",
        ],
        required: &["id", "execution_id", "step_definition_id", "step_order"],
        optional: false,
    },
];

/// Marks of a database written by this HyOpps (or a later one): v0.3 had none of them.
pub(crate) const OURS_TABLE: &str = "audit_log";
pub(crate) const OURS_USERS_COLUMN: &str = "auth_epoch";
