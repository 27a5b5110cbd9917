use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::i18n::{I18nContextProvider, t, use_i18n};
use crate::pages::{ConfirmPage, HomePage, LoginPage, NotFound, RegisterPage, RegisteredPage, ResentPage, ResultsPage, TermsPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // No favicon yet: say so instead of letting browsers request one.
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Lets browser tests wait until the page is interactive before typing.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/results-online.css" />
        <I18nContextProvider>
            <Router>
                <Header />
                <main id="main" class="container">
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage />
                        <Route path=path!("register") view=RegisterPage />
                        <Route path=path!("register/sent") view=RegisteredPage />
                        <Route path=path!("resent") view=ResentPage />
                        <Route path=path!("confirm") view=ConfirmPage ssr=SsrMode::InOrder />
                        <Route path=path!("login") view=LoginPage />
                        <Route path=path!("results") view=ResultsPage ssr=SsrMode::InOrder />
                        <Route path=path!("terms") view=TermsPage />
                    </Routes>
                </main>
                <Footer />
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">{t!(i18n, site.name)}</A>
                <nav aria-label=move || t_nav(i18n)>
                    <A href="/register">{t!(i18n, nav.register)}</A>
                    <A href="/login">{t!(i18n, nav.login)}</A>
                </nav>
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
                <A href="/terms">{t!(i18n, nav.terms)}</A>
            </div>
        </footer>
    }
}
