use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::{Logout, visitor};
use crate::components::{Enhancements, LanguageContext, LanguageSwitch, SessionTimeout};
use crate::i18n::{t, use_i18n};
use crate::pages::{
    AccountPage, CentreAuditPage, CentreCandidatesPage, CentreHomePage, CentreLoginPage,
    CentreReleasePage, CentreUploadPage, ConfirmPage, ForgotPasswordPage, ForgotSentPage, HomePage,
    LoginPage, NotFound, PrivacyPage, RegisterPage, RegisteredPage, ResentPage, ResetPasswordPage,
    ResultsPage, SecondFactorPage, ShareCodesPage, SignInLinkPage, SignInLinkSentPage,
    StaffInvitationPage, TermsPage, VerifyPage,
};

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
        <LanguageContext>
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
        </LanguageContext>
    }
}

/// The header and, for a signed-in candidate, the idle-timeout warning.
#[component]
fn SessionChrome() -> impl IntoView {
    let visitor = visitor();
    view! {
        <Header signed_in=visitor.signed_in />
        {visitor.signed_in.then(|| view! { <SessionTimeout idle_timeout_seconds=visitor.idle_timeout_seconds /> })}
    }
}

/// The site's header, with the links for a visitor signed in or not.
#[component]
fn Header(signed_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let links = if signed_in {
        let logout = ServerAction::<Logout>::new();
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
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">{t!(i18n, site.name)}</A>
                <nav aria-label=move || t_nav(i18n)>{links}</nav>
                <LanguageSwitch />
            </div>
        </header>
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
