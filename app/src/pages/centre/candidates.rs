use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::portal::PortalNav;
use crate::api::{SecretAnswer, centre_candidates};
use crate::components::{DocumentTitle, ErrorAlert, Loaded};
use crate::domain::{AccountState, CandidateView};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre/candidates?q=…`: the centre's candidates, where each account
/// stands, and a new Secret Number for one who lost theirs.
#[component]
pub fn CentreCandidatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().with_untracked(|m| {
        m.get_str("q")
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect::<String>()
    });
    let list = Resource::new_blocking(
        {
            let q = q.clone();
            move || q.clone()
        },
        centre_candidates,
    );
    let answer = use_context::<SecretAnswer>().map(|a| a.0);
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.candidates_title).to_string()) />
        <PortalNav />
        <h1>{t!(i18n, centre.candidates_title)}</h1>
        {answer.map(|a| match a {
            Ok(new) => {
                let (id, name, secret) = (new.id_number.clone(), new.name.clone(), new.secret_number.clone());
                view! {
                    <div class="alert alert-success" role="status" id="new-secret">
                        <p>{t!(i18n, centre.secret_done, id = move || id.clone(), name = move || name.clone())}</p>
                        <p class="secret-number"><strong>{secret}</strong></p>
                        <p>{t!(i18n, centre.secret_once)}</p>
                    </div>
                }.into_any()
            }
            Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
        })}
        <form method="get" action=crate::routes::centre::CANDIDATES class="form search-form" role="search">
            <div class="field">
                <label for="q">{t!(i18n, centre.search_label)}</label>
                <input type="search" id="q" name="q" value=q.clone() autocomplete="off" />
            </div>
            <button type="submit" class="button">{t!(i18n, centre.search)}</button>
        </form>
        <Loaded data=list login=crate::routes::centre::LOGIN show={move |rows: Vec<CandidateView>| {
            if rows.is_empty() {
                view! { <p id="no-candidates">{t!(i18n, centre.no_candidates)}</p> }.into_any()
            } else {
                view! { <CandidateTable rows /> }.into_any()
            }
        }} />
    }
    .into_any()
}

#[component]
fn CandidateTable(rows: Vec<CandidateView>) -> impl IntoView {
    let i18n = use_i18n();
    let yes_no = move |b: bool| {
        if b {
            t_string!(i18n, centre.yes)
        } else {
            t_string!(i18n, centre.no)
        }
    };
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="candidates-caption">
            <table class="data-table" id="candidates">
                <caption id="candidates-caption">{t!(i18n, centre.candidates_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, centre.col_id)}</th>
                    <th scope="col">{t!(i18n, centre.col_name)}</th>
                    <th scope="col">{t!(i18n, centre.col_exam)}</th>
                    <th scope="col">{t!(i18n, centre.col_release)}</th>
                    <th scope="col">{t!(i18n, centre.col_account)}</th>
                    <th scope="col">{t!(i18n, centre.col_results)}</th>
                    <th scope="col">{t!(i18n, centre.col_seen)}</th>
                    <th scope="col">{t!(i18n, centre.col_secret)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let account = match c.account {
                            AccountState::NotRegistered => t_string!(i18n, centre.account_none),
                            AccountState::WaitingConfirmation => t_string!(i18n, centre.account_waiting),
                            AccountState::Confirmed => t_string!(i18n, centre.account_confirmed),
                        };
                        let label = format!("{} {} ({})", t_string!(i18n, centre.reissue), c.name, c.id_number);
                        view! {
                            <tr>
                                <th scope="row">{c.id_number.clone()}</th>
                                <td>{c.name.clone()}</td>
                                <td>{format!("{} ({})", c.exam, c.exam_date)}</td>
                                <td>{c.release_at}</td>
                                <td>{account}</td>
                                <td>{yes_no(c.results_loaded)}</td>
                                <td>{yes_no(c.results_seen)}</td>
                                <td>
                                    <form method="post" action=crate::routes::centre::SECRET class="inline-form">
                                        <input type="hidden" name="id_number" value=c.id_number />
                                        <button type="submit" class="button secondary" aria-label=label>{t!(i18n, centre.reissue)}</button>
                                    </form>
                                </td>
                            </tr>
                        }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
