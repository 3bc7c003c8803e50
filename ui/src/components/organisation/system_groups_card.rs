//! System groups: the organisation's group (channel, user group) in Metabase, Teams, Slack and
//! Keycloak, one row per tool, each saved on its own. Emptying both fields removes it.

use hyopps_contract::{OrganizationDetail, SystemGroupView};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{ErrorAlert, ExternalLink, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::organisations::{system_group_help, system_group_saved_text, SystemGroupForm};

#[derive(Clone, PartialEq, Properties)]
pub struct SystemGroupsCardProps {
    pub detail: OrganizationDetail,
    pub on_changed: Callback<OrganizationDetail>,
}

#[component]
pub fn SystemGroupsCard(props: &SystemGroupsCardProps) -> Html {
    html! {
        <Card id="organisation-system-groups">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "System groups" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { "The workflows add the organisation's people to these. Empty both fields of a tool and save to remove its group from HyOpps." }
                </p>
                { for props.detail.system_groups.iter().map(|group| html! {
                    <SystemGroupRow
                        key={group.tool.as_str()}
                        organization_id={props.detail.id.clone()}
                        group={group.clone()}
                        on_changed={props.on_changed.clone()}
                    />
                }) }
            </CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct SystemGroupRowProps {
    organization_id: AttrValue,
    group: SystemGroupView,
    on_changed: Callback<OrganizationDetail>,
}

#[component]
fn SystemGroupRow(props: &SystemGroupRowProps) -> Html {
    let tool = props.group.tool;
    let form = {
        let group = props.group.clone();
        use_state_eq(move || SystemGroupForm::from_view(&group))
    };
    let submission = use_submission();
    // Whether the last save removed the group, for its message.
    let removed = use_state_eq(|| false);
    {
        let form = form.clone();
        use_effect_with(props.group.clone(), move |group| {
            form.set(SystemGroupForm::from_view(group))
        });
    }

    let onsubmit = {
        let (form, submission, removed) = (form.clone(), submission.clone(), removed.clone());
        let (id, on_changed) = (props.organization_id.clone(), props.on_changed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.to_request(&id, tool) {
                Err(errors) => submission.refuse(errors),
                Ok(request) => {
                    removed.set(form.is_removal());
                    let on_changed = on_changed.clone();
                    submission.run(
                        async move { ipc::set_system_group(&request).await },
                        move |detail| on_changed.emit(detail),
                    );
                }
            }
        })
    };
    let change = |edit: fn(&mut SystemGroupForm, String)| {
        let (form, submission) = (form.clone(), submission.clone());
        Callback::from(move |value: String| {
            submission.edited();
            let mut next = (*form).clone();
            edit(&mut next, value);
            form.set(next);
        })
    };
    let prefix = format!("system-group-{}", tool.as_str());
    let id = |field: &str| AttrValue::from(format!("{prefix}-{field}"));
    let busy = submission.is_pending();
    let recorded = props.group.external_id.is_some();
    let noun = tool.group_noun();

    html! {
        <div id={prefix.clone()} class="pf-v6-u-mb-lg" data-recorded={recorded.to_string()}>
            <Title level={Level::H3} size={Size::Medium}>{ tool.label() }</Title>
            if let Some(link) = props.group.link.clone() {
                <p class="pf-v6-u-mb-sm">
                    <ExternalLink id={format!("{prefix}-open")} href={link}>
                        { format!("Open the {noun} in {}", tool.label()) }
                    </ExternalLink>
                </p>
            }
            <Form id={format!("{prefix}-form")} {onsubmit}>
                if let Some(error) = submission.error() {
                    <ErrorAlert id={id("error")} {error} />
                }
                <div class="pf-v6-l-grid pf-m-gutter pf-m-all-6-col-on-md">
                    <div class="pf-v6-l-grid__item">
                        <TextField id={id("external_id")} label={format!("{} {noun} id", tool.label())}
                            value={form.external_id.clone()} onchange={change(|f, v| f.external_id = v)}
                            error={submission.field("external_id")} disabled={busy} />
                    </div>
                    <div class="pf-v6-l-grid__item">
                        <TextField id={id("external_name")} label={format!("{} {noun} name", tool.label())}
                            value={form.external_name.clone()} onchange={change(|f, v| f.external_name = v)}
                            error={submission.field("external_name")} disabled={busy} />
                    </div>
                </div>
                <div class="pf-v6-c-form__helper-text">
                    <HelperText>
                        <HelperTextItem id={format!("{prefix}-help")}>{ system_group_help(tool) }</HelperTextItem>
                    </HelperText>
                </div>
                <ActionGroup>
                    <Button id={id("save")} r#type={ButtonType::Submit}
                        variant={ButtonVariant::Secondary} disabled={busy} loading={busy}>
                        { if form.is_removal() && recorded { format!("Remove {noun}") } else { format!("Save {noun}") } }
                    </Button>
                </ActionGroup>
            </Form>
            if submission.is_done() {
                <div class="pf-v6-u-mt-sm" role="status">
                    <Alert id={format!("{prefix}-saved")} inline=true r#type={AlertType::Success}
                        title={system_group_saved_text(tool, *removed)} />
                </div>
            }
        </div>
    }
}
