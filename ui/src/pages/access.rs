//! Access check: the latest check of everything (who asked, or the daily check; what it
//! covered), every difference it found across all organisations with filters and a link to
//! where it is repaired, "Check everything now", and when the daily check runs.

use hyopps_contract::{AccessCheckRun, AccessCheckSchedule, AccessOverview};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::components::{
    async_view, filter_change, plain_table, table_cell, CsvExportButton, ErrorAlert, ExportSource,
    LabelledField, OptionSelect, SelectOption, TimeText,
};
use crate::hooks::{use_load, use_on_demand};
use crate::ipc;
use crate::route::AppRoute;
use crate::state::access::{
    organisations_of, state_key, systems, DifferenceFilter, DIFFERENCE_STATES,
};
use crate::state::status::access_state_color;

const COLUMNS: [&str; 5] = [
    "Organisation",
    "Who",
    "System",
    "State",
    "What the system says",
];

#[component]
pub fn AccessPage() -> Html {
    let overview = use_load((), |()| ipc::access_overview());
    let checked = use_on_demand::<AccessCheckRun>();
    let filter = use_state_eq(DifferenceFilter::default);
    {
        // A finished check changes what the screen shows.
        let reload = overview.reload.clone();
        use_effect_with(checked.answer.clone(), move |answer| {
            if matches!(answer, Some(Ok(_))) {
                reload.emit(());
            }
        });
    }
    let check = {
        let checked = checked.clone();
        Callback::from(move |_: MouseEvent| checked.ask(ipc::check_all_access()))
    };
    let body = async_view(&overview.state, Some(overview.reload.clone()), |overview| {
        html! {
            <>
                <PageSection>{ run_summary(overview) }</PageSection>
                <PageSection>{ differences_view(overview, &filter) }</PageSection>
                <PageSection>
                    <ScheduleCard overview={overview.clone()} />
                </PageSection>
            </>
        }
    });
    html! {
        <div id="page-access">
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <Title level={Level::H1} size={Size::XXLarge}>{ "Access check" }</Title>
                    <div class="pf-v6-u-ml-auto pf-v6-l-flex pf-m-gap-sm">
                        <CsvExportButton source={ExportSource::Access} />
                        <Button id="access-check-all" variant={ButtonVariant::Primary} onclick={check}
                            disabled={checked.pending} loading={checked.pending}>
                            { "Check everything now" }
                        </Button>
                    </div>
                </div>
                <p class="pf-v6-u-mt-sm pf-v6-u-color-200">
                    { "Asks Metabase, Teams, Slack and Keycloak who is in each organisation's groups, and compares it with what HyOpps recorded. Nothing is changed: repair a difference from the person's or the organisation's page." }
                </p>
                if let Some(Err(error)) = checked.answer.clone() {
                    <ErrorAlert id="access-check-all-error" {error} />
                }
            </PageSection>
            { body }
        </div>
    }
}

fn run_summary(overview: &AccessOverview) -> Html {
    let Some(run) = &overview.report.run else {
        return html! {
            <p id="access-check-summary">{ "Nothing checked yet. Check everything now, or wait for the daily check." }</p>
        };
    };
    let by = run
        .started_by
        .clone()
        .unwrap_or_else(|| "the daily check".into());
    let new = match run.new_differences {
        0 => String::new(),
        n => format!(" ({n} new since the check before)"),
    };
    html! {
        <p id="access-check-summary">
            { "Last checked " }<TimeText at={run.finished_at.clone()} />{ format!(" by {by}: ") }
            { format!(
                "{} organisation(s), {} {}, {} difference(s){new}.",
                run.organizations,
                run.people,
                if run.people == 1 { "person" } else { "people" },
                run.differences
            ) }
        </p>
    }
}

fn differences_view(overview: &AccessOverview, filter: &UseStateHandle<DifferenceFilter>) -> Html {
    let differences = &overview.report.differences;
    if overview.report.run.is_some() && differences.is_empty() {
        return html! {
            <p id="access-check-clean">{ "Every system agreed with HyOpps's record." }</p>
        };
    }
    let on_organisation =
        filter_change(filter, |f: &DifferenceFilter, v: String| DifferenceFilter {
            organization_id: v,
            ..f.clone()
        });
    let on_system = filter_change(filter, |f: &DifferenceFilter, v: String| DifferenceFilter {
        system: v,
        ..f.clone()
    });
    let on_state = filter_change(filter, |f: &DifferenceFilter, v: String| DifferenceFilter {
        state: v,
        ..f.clone()
    });
    let organisations: Vec<SelectOption> = organisations_of(differences)
        .into_iter()
        .map(|(id, name)| SelectOption::new(id, name))
        .collect();
    let system_options: Vec<SelectOption> = systems()
        .map(|s| SelectOption::new(s.as_str(), s.label()))
        .collect();
    let state_options: Vec<SelectOption> = DIFFERENCE_STATES
        .iter()
        .map(|s| SelectOption::new(state_key(*s), s.label()))
        .collect();
    let shown: Vec<_> = differences.iter().filter(|d| filter.keeps(d)).collect();
    let rows = shown.iter().enumerate().map(|(index, d)| {
        let who = match &d.user_id {
            Some(id) => html! {
                <Link<AppRoute> id={format!("access-difference-{index}-who")} to={AppRoute::user(id.clone())}>
                    { d.who.clone() }
                </Link<AppRoute>>
            },
            None => html! { <span>{ format!("{} (none of its people)", d.who) }</span> },
        };
        html! {
            <tr key={index} id={format!("access-difference-{index}")} class="pf-v6-c-table__tr"
                data-state={state_key(d.state)}>
                { table_cell(COLUMNS[0], html! {
                    <Link<AppRoute> to={AppRoute::organisation(d.organization_id.clone())}>
                        { d.organization_name.clone() }
                    </Link<AppRoute>>
                }) }
                { table_cell(COLUMNS[1], who) }
                { table_cell(COLUMNS[2], html! { d.system.label() }) }
                { table_cell(COLUMNS[3], html! {
                    <Label label={d.state.label()} color={access_state_color(d.state)} compact=true />
                }) }
                { table_cell(COLUMNS[4], html! { d.says.clone() }) }
            </tr>
        }
    });
    html! {
        <>
            <div class="pf-v6-l-flex pf-m-gap-md pf-v6-u-mb-md">
                <div class="access-filter"><OptionSelect id="access-filter-organisation" options={organisations}
                    value={filter.organization_id.clone()} empty={Some(AttrValue::from("All organisations"))}
                    aria_label={Some(AttrValue::from("Organisation"))} onchange={on_organisation} /></div>
                <div class="access-filter"><OptionSelect id="access-filter-system" options={system_options}
                    value={filter.system.clone()} empty={Some(AttrValue::from("All systems"))}
                    aria_label={Some(AttrValue::from("System"))} onchange={on_system} /></div>
                <div class="access-filter"><OptionSelect id="access-filter-state" options={state_options}
                    value={filter.state.clone()} empty={Some(AttrValue::from("All differences"))}
                    aria_label={Some(AttrValue::from("Difference"))} onchange={on_state} /></div>
            </div>
            <p id="access-differences-count" class="pf-v6-u-mb-sm">
                { format!("{} of {} difference(s).", shown.len(), differences.len()) }
            </p>
            { plain_table("access-differences", &COLUMNS, rows.collect()) }
        </>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct ScheduleCardProps {
    overview: AccessOverview,
}

/// When the daily check runs: on or off, and from which hour (UTC).
#[component]
fn ScheduleCard(props: &ScheduleCardProps) -> Html {
    let schedule = use_state_eq(|| props.overview.schedule);
    let saved = use_on_demand::<AccessOverview>();
    let on_daily = {
        let schedule = schedule.clone();
        Callback::from(move |v: String| {
            schedule.set(AccessCheckSchedule {
                daily: v == "on",
                ..*schedule
            })
        })
    };
    let on_hour = {
        let schedule = schedule.clone();
        Callback::from(move |v: String| {
            schedule.set(AccessCheckSchedule {
                hour_utc: v.parse().unwrap_or(schedule.hour_utc),
                ..*schedule
            })
        })
    };
    let save = {
        let (saved, schedule) = (saved.clone(), schedule.clone());
        Callback::from(move |_: MouseEvent| {
            let request = *schedule;
            saved.ask(async move { ipc::set_access_check_schedule(&request).await });
        })
    };
    let hours: Vec<SelectOption> = (0..24)
        .map(|h| SelectOption::new(h.to_string(), format!("{h:02}:00 UTC")))
        .collect();
    html! {
        <Card id="access-schedule">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Daily check" }</Title>
            </CardTitle>
            <CardBody>
                if !props.overview.systems_configured {
                    <p id="access-schedule-waits" class="pf-v6-u-mb-md">
                        { "No system it asks is configured yet: the daily check waits until one is (Settings)." }
                    </p>
                }
                <div class="pf-v6-l-flex pf-m-gap-md pf-m-align-items-flex-end">
                    <LabelledField id="access-schedule-daily" label="Check everything every day">
                        <OptionSelect id="access-schedule-daily"
                            options={vec![SelectOption::new("on", "On"), SelectOption::new("off", "Off")]}
                            value={if schedule.daily { "on" } else { "off" }} onchange={on_daily} />
                    </LabelledField>
                    <LabelledField id="access-schedule-hour" label="From">
                        <OptionSelect id="access-schedule-hour" options={hours}
                            value={schedule.hour_utc.to_string()} onchange={on_hour}
                            disabled={!schedule.daily} />
                    </LabelledField>
                    <Button id="access-schedule-save" variant={ButtonVariant::Secondary} onclick={save}
                        disabled={saved.pending} loading={saved.pending}>
                        { "Save" }
                    </Button>
                </div>
                { match saved.answer.clone() {
                    Some(Ok(_)) => html! { <p id="access-schedule-saved" class="pf-v6-u-mt-sm">{ "Saved." }</p> },
                    Some(Err(error)) => html! { <ErrorAlert id="access-schedule-error" {error} /> },
                    None => html! {},
                } }
            </CardBody>
        </Card>
    }
}
