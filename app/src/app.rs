use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::{Logout, SessionState, session_info};
use crate::components::{Enhancements, SessionTimeout};
use crate::i18n::{I18nContextProvider, Locale, t, use_i18n};
use crate::pages::{
    AccountPage, CentreAuditPage, CentreCandidatesPage, CentreHomePage, CentreLoginPage,
    CentreReleasePage, CentreUploadPage, ConfirmPage, ForgotPasswordPage, ForgotSentPage, HomePage,
    LoginPage, NotFound, PrivacyPage, RegisterPage, RegisteredPage, ResentPage, ResetPasswordPage,
    ResultsPage, SecondFactorPage, ShareCodesPage, SignInLinkPage, SignInLinkSentPage,
    StaffInvitationPage, TermsPage, VerifyPage,
};
use leptos_i18n::Locale as _;
use leptos_i18n::context::UseLocalesOptions;
use leptos_router::hooks::use_location;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::page_headers::set_page_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // No favicon yet: say so instead of letting browsers request one.
                <link rel="icon" href="data:," />
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options) />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address, its hashed name looked up once: leptos_meta's
/// `HashedStylesheet` reads the hash file on every page, which measured 4 %
/// of the server's time per page under load.
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = options
            .hash_files
            .then(|| {
                std::env::current_exe()
                    .ok()?
                    .parent()
                    .map(|dir| dir.join(options.hash_file.as_ref()))
            })
            .flatten()
            .and_then(|file| std::fs::read_to_string(file).ok())
            .and_then(|hashes| {
                hashes.lines().find_map(|line| {
                    line.trim()
                        .strip_prefix("css:")
                        .map(|h| h.trim().to_owned())
                })
            });
        match hash {
            Some(hash) => format!(
                "/{}/{}.{hash}.css",
                options.site_pkg_dir, options.output_name
            ),
            None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
        }
    })
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider ssr_lang_header_getter=language_source()>
            <Router>
                <SessionChrome />
                <main id="main" class="container">
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage />
                        <Route path=path!("register") view=RegisterPage />
                        <Route path=path!("register/sent") view=RegisteredPage ssr=SsrMode::InOrder />
                        <Route path=path!("resent") view=ResentPage />
                        <Route path=path!("confirm") view=ConfirmPage ssr=SsrMode::InOrder />
                        <Route path=path!("login") view=LoginPage />
                        <Route path=path!("login/link") view=SignInLinkPage />
                        <Route path=path!("login/link/sent") view=SignInLinkSentPage />
                        <Route path=path!("results") view=ResultsPage ssr=SsrMode::InOrder />
                        <Route path=path!("results/share-codes") view=ShareCodesPage ssr=SsrMode::InOrder />
                        <Route path=path!("verify") view=VerifyPage />
                        <Route path=path!("terms") view=TermsPage />
                        <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::InOrder />
                        <Route path=path!("forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("forgot-password/sent") view=ForgotSentPage />
                        <Route path=path!("reset-password") view=ResetPasswordPage ssr=SsrMode::InOrder />
                        <Route path=path!("account") view=AccountPage ssr=SsrMode::InOrder />
                        <Route path=path!("centre") view=CentreHomePage ssr=SsrMode::InOrder />
                        <Route path=path!("centre/login") view=CentreLoginPage />
                        <Route path=path!("centre/invitation") view=StaffInvitationPage ssr=SsrMode::InOrder />
                        <Route path=path!("centre/second-factor") view=SecondFactorPage ssr=SsrMode::InOrder />
                        <Route path=path!("centre/upload") view=CentreUploadPage />
                        <Route path=path!("centre/audit") view=CentreAuditPage ssr=SsrMode::InOrder />
                        <Route path=path!("centre/candidates") view=CentreCandidatesPage ssr=SsrMode::InOrder />
                        <Route path=path!("centre/release") view=CentreReleasePage ssr=SsrMode::InOrder />
                    </Routes>
                </main>
                <Footer />
                // Last, so that the page's markup is all there.
                <Enhancements />
            </Router>
        </I18nContextProvider>
    }
}

/// The header and, for a signed-in candidate, the idle-timeout warning,
/// both fed by one question to the server per page.
#[component]
fn SessionChrome() -> impl IntoView {
    let session = session_state();
    // Each boundary awaits the resource itself: reading one resource through
    // a signal in two boundaries let a page's stream stall now and then
    // (leptos#4578), and a candidate's page then never finished loading.
    let warning =
        move || {
            Suspend::new(async move {
                session.await.ok().filter(|s| s.signed_in).map(
                    |s| view! { <SessionTimeout idle_timeout_seconds=s.idle_timeout_seconds /> },
                )
            })
        };
    view! {
        <Header session />
        <Transition fallback=|| ()>{warning}</Transition>
    }
}

/// Whether the visitor is signed in, asked again on each page they open.
fn session_state() -> Resource<Result<SessionState, crate::api::AppError>> {
    let location = use_location();
    Resource::new(move || location.pathname.get(), |_| session_info())
}

#[component]
fn Header(session: Resource<Result<SessionState, crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let links = move || {
        Suspend::new(async move {
            if session.await.is_ok_and(|s| s.signed_in) {
                view! {
                    <A href=crate::routes::RESULTS>{t!(i18n, nav.results)}</A>
                    <A href=crate::routes::ACCOUNT>{t!(i18n, nav.account)}</A>
                    <ActionForm action=logout attr:class="logout">
                        <button type="submit" class="link-button">{t!(i18n, nav.logout)}</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! {
                    <A href=crate::routes::REGISTER>{t!(i18n, nav.register)}</A>
                    <A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A>
                }
                .into_any()
            }
        })
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">{t!(i18n, site.name)}</A>
                <nav aria-label=move || t_nav(i18n)>
                    <Transition fallback=|| ()>{links}</Transition>
                </nav>
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// Where leptos_i18n learns the request's language on the server: the
/// visitor's choice (cookie), else `Accept-Language`, decided in one place
/// for pages, server functions and emails alike. The browser then follows
/// the `lang` the server put on `<html>`.
fn language_source() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        UseLocalesOptions::default().ssr_lang_header_getter(crate::api::http::page_language)
    }
    #[cfg(not(feature = "ssr"))]
    {
        UseLocalesOptions::default()
    }
}

/// `English | Français`: a plain form post that remembers the choice and
/// comes back to the same page, with or without JavaScript. Each language
/// is named in itself and marked with its `lang` for screen readers.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // The page to come back to; a query longer than any of ours is dropped
    // rather than echoed into every page.
    let here = move || {
        let search = location.search.get();
        if search.is_empty() || search.len() > 1024 {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let choice = move |locale: Locale, name: &'static str| {
        view! {
            <button type="submit" name="lang" value=locale.as_str() lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()>
                {name}
            </button>
        }
    };
    view! {
        <form method="post" action=crate::routes::LANGUAGE class="language-switch" aria-label=move || crate::i18n::t_string!(i18n, nav.language).to_string()>
            <input type="hidden" name="next" value=here />
            {choice(Locale::en, "English")}
            <span aria-hidden="true">"|"</span>
            {choice(Locale::fr, "Français")}
        </form>
    }
}

fn t_nav(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    crate::i18n::t_string!(i18n, nav.label).to_string()
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <A href=crate::routes::TERMS>{t!(i18n, nav.terms)}</A>
                " · "
                <A href=crate::routes::PRIVACY>{t!(i18n, nav.privacy)}</A>
                " · "
                <A href=crate::routes::VERIFY>{t!(i18n, nav.verify)}</A>
            </div>
        </footer>
    }
}
