//! The playground's page in a real browser: headless Chromium, driven through WebDriver
//! (`chromedriver`), chats with the `playground` example's bot over real HTTP.
//!
//! It needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the
//! test says it is skipped and passes, except under CI, where it fails.
//!
//! It saves a screenshot of the conversation (the README's): to the file `PLAYGROUND_SCREENSHOT`
//! names, or else into cargo's temporary folder for tests.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clustaar_webhook::rejection::Rejection;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::examples::{KEY, PASSWORD, Server};

/// The bound on every wait for the page, generous for a cold browser on a busy machine.
const WAIT: Duration = Duration::from_secs(30);
/// The order step of the example bot.
const ORDER_STEP: &str = "5f0c1d2e3a4b5c6d7e8f9a0b";

/// Chromium and its driver, when this machine has them.
struct Browser {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Browser {
    fn find() -> Option<Browser> {
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| on_path(name))?;
        let chromedriver = on_path("chromedriver")?;
        Some(Browser {
            chromium,
            chromedriver,
        })
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A `chromedriver` on a free loopback port; shut down with its browsers when dropped.
struct Driver {
    child: Child,
    port: u16,
    url: String,
}

impl Driver {
    fn start(chromedriver: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            port,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    /// A test that fails before it closes its session (a panic) still ends its Chromium:
    /// killing chromedriver alone would leave the browser running. Its `/shutdown` quits every
    /// session it opened, then it exits; the kill is for a driver that does not answer.
    fn drop(&mut self) {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let request = "GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            if stream.write_all(request.as_bytes()).is_ok() {
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session, with the flags a closed network needs (no background
/// connections), a fresh profile, and its downloads saved to `downloads` without asking.
async fn open_browser(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    downloads: &Path,
) -> Client {
    let options = json!({
        "binary": chromium,
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--force-device-scale-factor=1",
            "--window-size=1280,820", format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads,
            "download.prompt_for_download": false,
        },
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_owned(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// A WebDriver session in a fresh headless Chromium, with its driver; `None` (the test is
/// skipped, and says so) when this machine has no Chromium, except under CI.
struct Session {
    client: Client,
    /// Where the browser saves what the page downloads.
    downloads: PathBuf,
    _driver: Driver,
}

impl Session {
    async fn start(test: &str) -> Option<Session> {
        let Some(browser) = Browser::find() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the browser tests: install chromium and chromium-driver"
            );
            eprintln!(
                "SKIPPED {test}: no chromium and chromedriver on PATH \
                 (on Debian: apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let driver = Driver::start(&browser.chromedriver);
        let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("chromium-{test}"));
        let _ = std::fs::remove_dir_all(&profile);
        let downloads = profile.join("downloads");
        std::fs::create_dir_all(&downloads).expect("a downloads folder");
        let client = open_browser(&driver, &browser.chromium, &profile, &downloads).await;
        client
            .set_window_size(1280, 900)
            .await
            .expect("a window size");
        Some(Session {
            client,
            downloads,
            _driver: driver,
        })
    }

    /// Ends the session, so that Chromium exits, then fails the test if `outcome` is an error.
    async fn end(self, outcome: Outcome) {
        let _ = self.client.close().await;
        if let Err(error) = outcome {
            panic!("{error}");
        }
    }
}

#[tokio::test]
async fn a_visitor_chats_with_the_example_bot_in_chromium() {
    let Some(session) = Session::start("a_visitor_chats_with_the_example_bot_in_chromium").await
    else {
        return;
    };
    let server = Server::start_example_until("playground", "Playground on ");
    let outcome = chat(&session.client, &server.url).await;
    session.end(outcome).await;
}

type Outcome = Result<(), Box<dyn std::error::Error>>;

/// The conversation: a greeting, a quick reply, a session value, then a forged signature.
async fn chat(client: &Client, url: &str) -> Outcome {
    client.goto(url).await?;
    // The configuration is loaded: the target is shown.
    wait_for(
        client,
        "//code[@id='target'][starts-with(., 'http://127.0.0.1:')]",
    )
    .await?;

    // The interlocutor panel is edited, and the bot greets by that name.
    let interlocutor = client.find(Locator::Id("interlocutor")).await?;
    let edited = json!({
        "id": "5a8f1c2e9b1d4c0012340001", "userID": "visitor-42", "location": null,
        "email": null, "firstName": "Tintin", "lastName": null, "phoneNumber": null,
        "customAttributes": {}
    });
    interlocutor.clear().await?;
    interlocutor
        .send_keys(&serde_json::to_string_pretty(&edited)?)
        .await?;
    say(client, "Hi").await?;
    wait_for(client, bubble("visitor", "Hi")).await?;
    wait_for(client, bubble("bot", "Hello Tintin! I am the order bot.")).await?;
    wait_for(client, bubble("bot", "What can I do for you?")).await?;

    // A quick reply takes the conversation to the order step.
    let reply = wait_for(client, "//div[@id='replies']/button[.='Track my order']").await?;
    reply.click().await?;
    wait_for(client, bubble("visitor", "Track my order")).await?;
    wait_for(client, bubble("bot", "Your order A-1234 is on its way.")).await?;
    let card = "//li[@class='cards']/div[@class='card'][div[@class='title'][.='Order A-1234']]";
    let link = wait_for(client, format!("{card}//a[.='Track the parcel']")).await?;
    assert_eq!(
        link.attr("href").await?.as_deref(),
        Some("https://example.com/track/A-1234")
    );
    let ask = wait_for(client, format!("{card}//button[.='Ask a person']")).await?;
    assert!(
        ask.is_displayed().await?,
        "the card's second button is shown"
    );
    let step = client.find(Locator::Id("step-id")).await?;
    assert_eq!(step.prop("value").await?.as_deref(), Some(ORDER_STEP));

    // The session value the webhook set is in the session panel.
    let session = client.find(Locator::Id("session")).await?;
    let deadline = Instant::now() + WAIT;
    loop {
        let value = session.prop("value").await?.unwrap_or_default();
        if serde_json::from_str::<serde_json::Value>(&value).is_ok_and(|v| v["order"] == "A-1234") {
            break;
        }
        assert!(Instant::now() < deadline, "the session panel shows {value}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The exchange underneath: its status, and the request with its credentials hidden.
    let exchanges = client.find_all(Locator::Css("li.exchange")).await?;
    assert_eq!(exchanges.len(), 2);
    let last = exchanges.last().expect("two exchanges");
    assert_eq!(last.attr("data-status").await?.as_deref(), Some("200"));
    last.find(Locator::Css("summary")).await?.click().await?;
    let request = last.find(Locator::Css("pre.request")).await?.text().await?;
    assert!(request.contains("x-hub-signature: sha1="), "{request}");
    assert!(
        request.contains("authorization: Basic <hidden>"),
        "{request}"
    );
    let page = client.source().await?;
    assert!(
        !page.contains(KEY) && !page.contains(PASSWORD),
        "a secret reached the page"
    );
    save_screenshot(client).await?;

    // A forged signature: the webhook's JSON error is shown as a rejection.
    client.find(Locator::Id("forge")).await?.click().await?;
    say(client, "Hi again").await?;
    let title = serde_json::from_str::<serde_json::Value>(&Rejection::SignatureInvalid.to_json())?
        ["title"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rejection = wait_for(client, item_with("rejection")).await?;
    let text = rejection.text().await?;
    assert!(
        text.contains(&title) && text.contains("signature is invalid"),
        "{text}"
    );
    let rejected = wait_for(client, item_with("exchange rejected")).await?;
    assert_eq!(rejected.attr("data-status").await?.as_deref(), Some("400"));
    Ok(())
}

/// Opens the playground's page at `url` and waits until it shows its in-process target.
async fn open_in_process(client: &Client, url: &str) -> Outcome {
    client.goto(url).await?;
    wait_for(
        client,
        "//code[@id='target'][contains(., 'in this process')]",
    )
    .await?;
    Ok(())
}

/// Types `text` in the message box and sends it.
async fn say(client: &Client, text: &str) -> Outcome {
    client
        .find(Locator::Id("message"))
        .await?
        .send_keys(text)
        .await?;
    client.find(Locator::Id("send")).await?.click().await?;
    Ok(())
}

/// Sends an event of the site from the event panel: `kind` is its type, `value` its URL or name.
async fn send_event(client: &Client, kind: &str, value: &str) -> Outcome {
    client
        .find(Locator::Css(&format!("#event-type option[value='{kind}']")))
        .await?
        .click()
        .await?;
    client
        .find(Locator::Id("event-value"))
        .await?
        .send_keys(value)
        .await?;
    client
        .find(Locator::Id("send-event"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// The XPath of an item of the chat whose class is `class`, then `rest` (a predicate, a path).
fn item(class: &str, rest: &str) -> String {
    format!("//ol[@id='messages']/li[@class='{class}']{rest}")
}

/// The XPath of an item of the chat whose class includes `class`.
fn item_with(class: &str) -> String {
    format!("//ol[@id='messages']/li[contains(@class, '{class}')]")
}

/// The XPath of a chat bubble of `who` (`bot` or `visitor`) saying exactly `text`.
fn bubble(who: &str, text: &str) -> String {
    item(&format!("bubble {who}"), &format!("[.='{text}']"))
}

async fn wait_for(client: &Client, xpath: impl AsRef<str>) -> Result<Element, String> {
    let xpath = xpath.as_ref();
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .map_err(|error| format!("the page never showed {xpath}: {error}"))
}

async fn save_screenshot(client: &Client) -> Outcome {
    let path = std::env::var_os("PLAYGROUND_SCREENSHOT").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("playground.png"),
        PathBuf::from,
    );
    let png = client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(&path, png)?;
    eprintln!("screenshot saved to {}", path.display());
    Ok(())
}

mod save_as_test {
    //! The page's "Save as test": a conversation clicked through, downloaded as a transcript
    //! that replays against the same bot.

    use std::path::Path;
    use std::time::{Duration, Instant};

    use clustaar_webhook::playground::Playground;
    use clustaar_webhook::testing::{TestClient, Transcript, VisitorAction};
    use fantoccini::{Client, Locator};

    use super::{Outcome, Session, WAIT, bubble, say, wait_for};
    use crate::transcripts::example_bot::{self, ON_ITS_WAY};

    const KEY: &str = "save-as-test-key";

    /// The `playground` example's order bot, in this process.
    fn order_bot() -> TestClient {
        TestClient::with_state(example_bot::webhook().private_key(KEY), ON_ITS_WAY)
    }

    #[tokio::test]
    async fn a_conversation_clicked_through_is_saved_as_a_test_that_replays() {
        let Some(session) =
            Session::start("a_conversation_clicked_through_is_saved_as_a_test_that_replays").await
        else {
            return;
        };
        let webhook = example_bot::webhook().private_key(KEY);
        let app = Playground::with_state(webhook, ON_ITS_WAY).into_router();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let server = tokio::spawn(std::future::IntoFuture::into_future(axum::serve(
            listener, app,
        )));
        let outcome = save(&session.client, &url, &session.downloads).await;
        server.abort();
        session.end(outcome).await;
    }

    async fn save(client: &Client, url: &str, downloads: &Path) -> Outcome {
        super::open_in_process(client, url).await?;
        say(client, "Hi").await?;
        wait_for(client, bubble("bot", "What can I do for you?")).await?;
        let reply = wait_for(client, "//div[@id='replies']/button[.='Track my order']").await?;
        reply.click().await?;
        wait_for(client, bubble("bot", "Your order A-1234 is on its way.")).await?;
        // The second exchange is drawn once the whole answer is.
        wait_for(client, "(//li[contains(@class, 'exchange ok')])[2]").await?;

        let button = client.find(Locator::Id("save")).await?;
        assert_eq!(button.text().await?, "Save as test");
        button.click().await?;
        let file = downloads.join("conversation.json");
        let json = downloaded(&file).await?;

        let transcript = Transcript::from_json(&json)?;
        assert_eq!(transcript.turns.len(), 2, "{json}");
        assert_eq!(
            transcript.turns[0].visitor,
            VisitorAction::Says("Hi".to_owned())
        );
        assert_eq!(transcript.turns[0].answer.route.as_deref(), Some("welcome"));
        let VisitorAction::Clicks(click) = &transcript.turns[1].visitor else {
            return Err(format!("the second turn is not a click: {json}").into());
        };
        assert_eq!(click.title, "Track my order");
        let second = &transcript.turns[1].answer;
        assert_eq!(second.route.as_deref(), Some("order_status"));
        assert_eq!(
            // After the typing dots of its `wait_action`.
            second.body["actions"][1]["alternatives"][0],
            "Your order A-1234 is on its way.",
            "{json}"
        );
        // The file replays against the same bot, in `cargo test`.
        let replayed = transcript
            .replay(order_bot())
            .await
            .map_err(|diff| diff.to_string())?;
        assert_eq!(replayed.to_json(), json);
        Ok(())
    }

    /// The text of the file the browser downloads to `file`, once it is complete.
    async fn downloaded(file: &Path) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            // Chromium writes a `.crdownload` file, then renames it.
            if let Ok(json) = std::fs::read_to_string(file)
                && json.ends_with("}\n")
            {
                return Ok(json);
            }
            if Instant::now() > deadline {
                return Err(format!("the browser never saved {}", file.display()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

mod gallery {
    //! Every kind of action the page draws, from a webhook in the test's own process.

    use clustaar_webhook::playground::Playground;
    use clustaar_webhook::schemas::{
        Choice, GoToAction, Input, JumpToAction, OpenUrlButton, PauseBotAction, Section,
        SendChoicesListAction, SendImageAction, SendJsEventAction, SendSimpleCardsAction,
        SendTextAction, SimpleCard, StepReached, StepReachedResponse, StepTarget, WaitAction,
    };
    use clustaar_webhook::{ResponseValidation, Webhook, on, routes};
    use fantoccini::{Client, Locator};

    use super::{Outcome, Session, bubble, item, item_with, say, send_event, wait_for};

    const SIZES: &str = "5f0c1d2e3a4b5c6d7e8f9a0e";

    /// `gallery`: one of each action; `too many`: an answer the platform would refuse.
    #[on(json(key = "data.input.text", equals = "gallery"))]
    async fn gallery(n: StepReached) -> StepReachedResponse {
        let sizes = SendChoicesListAction::new(
            "Pick a size",
            [Section::new([
                Choice::new("Small").session_value("size", "S"),
                Choice::new("Large").session_value("size", "L"),
            ])
            .title("Sizes")],
            GoToAction::new(StepTarget::new(SIZES).name("Sizes")),
        )
        .message("Which size?");
        let docs = SimpleCard::new("The docs")
            .subtitle("Everything in one place")
            .button(OpenUrlButton::new("Read", "https://example.com/docs"));
        StepReachedResponse::new()
            .action(WaitAction::new(0.5))
            .action(SendImageAction::new("http://127.0.0.1:9/parcel.png").alt("A parcel"))
            .action(SendSimpleCardsAction::new([docs]))
            .action(sizes)
            .action(SendJsEventAction::new("cart_opened"))
            .action(JumpToAction::new([]))
            .action(PauseBotAction::new())
            .session(n.session)
    }

    #[on(json(key = "data.input.text", equals = "too many"))]
    async fn too_many(_: StepReached) -> StepReachedResponse {
        let texts = (1..=11).map(|i| format!("text {i}"));
        StepReachedResponse::new().action(SendTextAction::alternatives(texts))
    }

    /// What the site reports instead of a message: the page opened, or an event by its name.
    #[on(json(key = "data.input.type", in = ["url_loaded_event", "custom_event"]))]
    async fn reported(n: StepReached) -> StepReachedResponse {
        let text = match &n.input {
            Input::UrlLoaded(page) => format!("You are on {}", page.url),
            Input::Custom(event) => format!("The site said {}", event.name),
            _ => "Not an event".to_owned(),
        };
        StepReachedResponse::new().action(SendTextAction::new(text))
    }

    /// The choice list's step: says which size the session holds.
    #[on(step_id = "5f0c1d2e3a4b5c6d7e8f9a0e")]
    async fn sized(n: StepReached) -> StepReachedResponse {
        let size = n.session.get_str("size").unwrap_or("none").to_owned();
        let by = if matches!(n.input, clustaar_webhook::schemas::Input::GoTo(_)) {
            "a choice"
        } else {
            "something else"
        };
        StepReachedResponse::new()
            .action(SendTextAction::new(format!("Size {size}, by {by}")))
            .session(n.session)
    }

    #[tokio::test]
    async fn every_action_is_drawn_and_a_choice_plays_its_go_to_action() {
        let Some(session) =
            Session::start("every_action_is_drawn_and_a_choice_plays_its_go_to_action").await
        else {
            return;
        };
        // The webhook checks nothing of its answers: the page must show what breaks the rules.
        let webhook = Webhook::new()
            .private_key("gallery-key")
            .response_validation(ResponseValidation::Off)
            .routes(routes![sized, gallery, too_many, reported]);
        // Nested in a development server: the page finds its API below its own path.
        let app = axum::Router::new().nest("/playground", Playground::new(webhook).into_router());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/playground", listener.local_addr().unwrap());
        // With connect info: the playground answers requests from this machine only.
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let server = tokio::spawn(std::future::IntoFuture::into_future(axum::serve(
            listener, app,
        )));
        let outcome = draw_everything(&session.client, &url).await;
        server.abort();
        session.end(outcome).await;
    }

    async fn draw_everything(client: &Client, url: &str) -> Outcome {
        super::open_in_process(client, url).await?;
        say(client, "gallery").await?;
        wait_for(client, item("bubble bot", "/img[@alt='A parcel']")).await?;
        let read = wait_for(client, item("cards", "//a[.='Read']")).await?;
        assert_eq!(
            read.attr("href").await?.as_deref(),
            Some("https://example.com/docs")
        );
        wait_for(client, bubble("bot", "Which size?")).await?;
        wait_for(client, item("choices", "[h3='Sizes']")).await?;
        let json = wait_for(client, item("json", "")).await?;
        assert!(json.text().await?.contains("\"send_js_event_action\""));
        wait_for(client, item("marker", "[.='⤳ jump with 0 connections']")).await?;
        wait_for(client, item("marker", "[.='⏸ the bot is paused']")).await?;
        let exchange = wait_for(client, item_with("exchange ok")).await?;
        assert!(exchange.text().await?.contains("route gallery"));
        let step = client.find(Locator::Id("step-id")).await?;

        // A choice: its session value is added, and the list's go-to action is the input.
        let large = item("choices", "//button[.='Large']");
        wait_for(client, large).await?.click().await?;
        wait_for(client, bubble("visitor", "Large")).await?;
        wait_for(client, bubble("bot", "Size L, by a choice")).await?;
        assert_eq!(step.prop("value").await?.as_deref(), Some(SIZES));

        // An answer the platform would refuse: each violation with its path.
        client.find(Locator::Id("step-id")).await?.clear().await?;
        client
            .find(Locator::Id("step-id"))
            .await?
            .send_keys("7e5700000000000000000001")
            .await?;
        say(client, "too many").await?;
        let problems = wait_for(client, item_with("problems")).await?;
        let text = problems.text().await?;
        assert!(text.contains("actions.0.alternatives"), "{text}");
        wait_for(client, item_with("exchange invalid")).await?;

        // What the site reports: the page opened (its URL trimmed by the models, as the
        // platform's are), then a custom event, each sent as the input of a turn.
        send_event(client, "url_loaded_event", "  https://example.com/pricing ").await?;
        wait_for(
            client,
            bubble("visitor", "Opened https://example.com/pricing"),
        )
        .await?;
        wait_for(
            client,
            bubble("bot", "You are on https://example.com/pricing"),
        )
        .await?;
        send_event(client, "custom_event", "cart_opened").await?;
        wait_for(client, bubble("visitor", "Event cart_opened")).await?;
        wait_for(client, bubble("bot", "The site said cart_opened")).await?;
        Ok(())
    }
}
