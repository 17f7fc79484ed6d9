//! The end-to-end harness: launches the built desktop app through tauri-driver (which
//! drives WebKitWebDriver) in the current X display, with its own data folder and the
//! server it must talk to, and saves a screenshot of each step.
//!
//! Needs `tauri-driver` and `WebKitWebDriver` on PATH, a display (`xvfb-run -a`), and the
//! app built (`EPTSP_DESKTOP_BIN`, default `target/debug/eptsp-desktop`). scripts/test.sh
//! arranges all of it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(15);

/// Asks `probe` every 300 ms until it gives a value; fails naming `what` after `within`.
pub async fn eventually<T, Fut>(what: &str, within: Duration, mut probe: impl FnMut() -> Fut) -> T
where
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Where this run's screenshots go: `EPTSP_E2E_SCREENSHOTS`, else `tests/e2e/screenshots`.
pub fn screenshot_root() -> PathBuf {
    std::env::var_os("EPTSP_E2E_SCREENSHOTS").map_or_else(
        || workspace_root().join("tests/e2e/screenshots"),
        PathBuf::from,
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct App {
    pub c: Client,
    driver: Child,
    _data: tempfile::TempDir,
    shots: PathBuf,
    shot_n: usize,
    env: Vec<(String, String)>,
}

impl App {
    /// Starts the app against `server_url`; `name` names the screenshot folder.
    pub async fn launch(server_url: &str, name: &str) -> App {
        Self::launch_with(
            server_url,
            name,
            tempfile::tempdir().unwrap(),
            0,
            Vec::new(),
        )
        .await
    }

    /// Starts the app with extra environment variables (e.g. a test script for the map window).
    pub async fn launch_env(server_url: &str, name: &str, env: &[(&str, &str)]) -> App {
        let env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::launch_with(server_url, name, tempfile::tempdir().unwrap(), 0, env).await
    }

    /// This test's screenshot folder.
    pub fn shots_dir(&self) -> &std::path::Path {
        &self.shots
    }

    /// Starts the app on a data folder the test has prepared.
    pub async fn launch_in(server_url: &str, name: &str, data: tempfile::TempDir) -> App {
        Self::launch_with(server_url, name, data, 0, Vec::new()).await
    }

    /// Clicks `nav` until `css` shows `expected` (for data the sync worker brings in the
    /// background, shown when the screen is opened again).
    pub async fn reopen_until(&self, nav: &str, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            self.click(nav).await;
            tokio::time::sleep(Duration::from_millis(400)).await;
            let text = match self.c.find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css} never showed {expected:?}; it shows {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
    }

    /// Ends the app without letting it tidy up (the WebDriver session is deleted, which
    /// terminates the process) and starts it again on the same data folder.
    pub async fn relaunch(mut self, server_url: &str) -> App {
        let data = std::mem::replace(&mut self._data, tempfile::tempdir().unwrap());
        let _ = self.c.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let name = self
            .shots
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let env = std::mem::take(&mut self.env);
        Self::launch_with(server_url, &name, data, self.shot_n, env).await
    }

    async fn launch_with(
        server_url: &str,
        name: &str,
        data: tempfile::TempDir,
        shot_n: usize,
        env: Vec<(String, String)>,
    ) -> App {
        let bin = std::env::var_os("EPTSP_DESKTOP_BIN").map_or_else(
            || workspace_root().join("target/debug/eptsp-desktop"),
            PathBuf::from,
        );
        assert!(
            bin.exists(),
            "the desktop app is not built at {} (cargo build -p eptsp-desktop)",
            bin.display()
        );
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the end-to-end tests under xvfb-run -a (scripts/test.sh does)"
        );
        let shots = screenshot_root().join(name);
        std::fs::create_dir_all(&shots).unwrap();
        let (port, native_port) = (free_port(), free_port());
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(shots.join("tauri-driver.log"))
            .unwrap();
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("EPTSP_SERVER_URL", server_url)
            .env("EPTSP_DATA_DIR", data.path())
            .env("RUST_LOG", "eptsp_desktop=debug")
            .env("EPTSP_LOG_FILE", shots.join("app.log"))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --version 2.1.0)");
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": bin }));
        // tauri-driver listens before WebKitWebDriver is ready: a first session request can
        // be cut off ("IncompleteMessage"). Ask again, a few times.
        let mut attempt = 0;
        let c = loop {
            attempt += 1;
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if attempt < 4 => {
                    eprintln!("WebDriver session, attempt {attempt}: {e}; again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => panic!("a WebDriver session with the app: {e}"),
            }
        };
        let app = App {
            c,
            driver,
            _data: data,
            shots,
            shot_n,
            env,
        };
        app.c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("#app[data-screen]"))
            .await
            .expect("the UI renders its first screen");
        app
    }

    /// Saves `NN-name.png` in this test's folder, after the page has painted its latest
    /// changes (two animation frames), so the picture shows what the test just checked.
    pub async fn shot(&mut self, name: &str) {
        let _ = self
            .c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await;
        self.shot_n += 1;
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(
            self.shots.join(format!("{:02}-{name}.png", self.shot_n)),
            png,
        )
        .unwrap();
    }

    /// The moderate, serious and critical accessibility violations axe-core (the UI's own
    /// copy, run inside the window) finds on the screen now, one line each: rule, then the
    /// elements. `EPTSP_AXE_IMPACTS` (comma-separated, e.g. `minor,moderate,serious,critical`)
    /// changes which.
    pub async fn axe(&self) -> Vec<String> {
        let impacts: Vec<String> = std::env::var("EPTSP_AXE_IMPACTS")
            .unwrap_or_else(|_| "moderate,serious,critical".to_owned())
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect();
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core (npm ci in ui/)");
        self.c
            .execute(&format!("{source}; return true;"), vec![])
            .await
            .expect("axe-core loads");
        let v = self
            .c
            .execute_async(
                "const impacts = arguments[0];
                 const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then((r) => done(
                   r.violations
                     .filter((v) => impacts.includes(v.impact))
                     .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', '))));",
                vec![serde_json::json!(impacts)],
            )
            .await
            .expect("axe-core runs");
        serde_json::from_value(v).expect("a list of strings")
    }

    pub async fn el(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                let seen = self.seen_when_failing().await;
                panic!("{css} did not appear: {e}\n{seen}")
            }
        }
    }

    /// What the window showed when a wait failed: a `failed.png` in this test's folder,
    /// and the screen's name and text for the panic message.
    async fn seen_when_failing(&self) -> String {
        if let Ok(png) = self.c.screenshot().await {
            let _ = std::fs::write(self.shots.join("failed.png"), png);
        }
        let seen = self
            .c
            .execute(
                "const a = document.querySelector('#app');
                 return a ? `screen ${a.dataset.screen}: ${a.innerText}` : 'no #app';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        seen.chars().take(1500).collect()
    }

    /// Clicks `css`; when the screen re-renders between finding and clicking (the sync
    /// worker refreshes lists), finds it again.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.el(css).await.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    /// Replaces the field's content with `text`, typed as a user would.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.el(css).await;
        e.clear()
            .await
            .unwrap_or_else(|err| panic!("clear {css}: {err}"));
        if text.is_empty() {
            return;
        }
        e.send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("type into {css}: {err}"));
    }

    /// Sets a value that has no reliable typing form (the date picker), firing the same
    /// events typing would.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.el(css).await;
        self.c
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1];
                 e.dispatchEvent(new Event('input', { bubbles: true }));
                 e.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(css), json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("set {css}: {e}"));
    }

    /// The text of `css` now (empty when it is not there).
    pub async fn text(&self, css: &str) -> String {
        match self.c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.c
            .find_all(Locator::Css(css))
            .await
            .map_or(0, |v| v.len())
    }

    /// Scrolls `css` into the middle of the window (before a screenshot of it).
    pub async fn scroll_to(&self, css: &str) {
        self.el(css).await;
        self.c
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
                vec![json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {css}: {e}"));
    }

    /// Picks `value` in a select once that option has been loaded.
    pub async fn select(&self, css: &str, value: &str) {
        self.el(&format!("{css} option[value=\"{value}\"]")).await;
        self.el(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
    }

    /// Picks the first real option of a select (the one after "-Pilih-").
    pub async fn select_first(&self, css: &str) {
        let option = self.el(&format!("{css} option:nth-child(2)")).await;
        let value = option.attr("value").await.unwrap().unwrap_or_default();
        self.select(css, &value).await;
    }

    pub async fn value(&self, css: &str) -> String {
        self.el(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.el(css).await.attr(name).await.unwrap()
    }

    /// Waits until the element's text contains `expected`, and returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = match self.c.find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            if Instant::now() >= deadline {
                let seen = self.what_is_there(css).await;
                panic!("{css} never showed {expected:?}; it shows {text:?} ({seen})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What a failed wait found, for its message: the screen, how many elements match
    /// `css`, and the first one's hidden flag and whole text (WebDriver reads no text from
    /// a hidden element).
    async fn what_is_there(&self, css: &str) -> String {
        self.c
            .execute(
                "const all = document.querySelectorAll(arguments[0]);
                 const first = all[0];
                 return `screen ${document.getElementById('app')?.dataset.screen}, ${all.length} found`
                   + (first ? `, the first hidden: ${first.hidden}, text: ${JSON.stringify(first.textContent)}` : '');",
                vec![json!(css)],
            )
            .await
            .map_or_else(|e| format!("page unreadable: {e}"), |v| v.as_str().unwrap_or_default().to_owned())
    }

    /// Logs in from the login screen (the caller waits for where it should land).
    pub async fn sign_in(&self, login: &str, password: &str) {
        self.wait_screen("login").await;
        self.fill("#login-login", login).await;
        self.fill("#login-password", password).await;
        self.click("#login-submit").await;
    }

    /// From Permohonan Izin: a new SIPA (baru) draft, through steps 1-3 to step 4 (Lokasi Izin).
    pub async fn new_sipa_draft_to_lokasi(&self) {
        self.click("#tab-pengajuan").await;
        self.wait_screen("pengajuan").await;
        self.click("#draft-new").await;
        self.wait_screen("wizard").await;
        self.select("#wizard-agency_id", "esdm").await;
        self.select("#wizard-permit_type_id", "sipa").await;
        self.select("#wizard-kind", "baru").await;
        for step in 2..=4 {
            self.click("#wizard-next").await;
            self.el(&format!("#wizard[data-step=\"{step}\"]")).await;
        }
    }

    /// From the dashboard: `doc` into File Saya, then a SIPA (baru) draft through all five
    /// steps, every requirement given `doc` and the declaration ticked: "Kirim" is next.
    pub async fn sipa_ready_to_send(&self, doc: &std::path::Path) {
        self.permohonan_tab("#tab-files", "files").await;
        self.fill("#files-name", "Berkas SIPA").await;
        self.el("#files-input")
            .await
            .send_keys(doc.to_str().unwrap())
            .await
            .unwrap();
        self.click("#files-upload").await;
        self.wait_text("#files-rows", "Berkas SIPA").await;

        self.new_sipa_draft_to_lokasi().await;
        self.fill_lokasi_samarinda().await;
        self.fill("#wizard-lokasi-nomor", "12").await;
        self.fill("#wizard-lokasi-lintang", "-0.502106").await;
        self.fill("#wizard-lokasi-bujur", "117.153709").await;
        self.click("#wizard-next").await;
        self.el("#wizard[data-step=\"5\"]").await;
        self.fill("#wizard-keterangan", "Sumur bor untuk pabrik es balok")
            .await;
        self.fill_sipa_detail().await;
        let slots: Vec<String> = {
            let els = self
                .c
                .find_all(fantoccini::Locator::Css("#wizard select[name^=\"req-\"]"))
                .await
                .unwrap();
            let mut ids = Vec::new();
            for e in els {
                ids.push(e.attr("id").await.unwrap().unwrap());
            }
            ids
        };
        assert!(slots.len() >= 7, "{slots:?}");
        for id in &slots {
            self.select_first(&format!("#{id}")).await;
        }
        self.click("#wizard-pernyataan").await;
    }

    /// Step 5's Data Detail of SIPA, as `testkit::sipa_detail` has it.
    pub async fn fill_sipa_detail(&self) {
        for (key, value) in eptsp_server::testkit::sipa_detail() {
            let css = format!("#wizard-detail-{key}");
            if key == "peruntukan" {
                self.select(&css, &value).await;
            } else {
                self.fill(&css, &value).await;
            }
        }
    }

    /// Step 4's address in Kota Samarinda (Jl. Gajah Mada, Palaran, Rawa Makmur), no coordinates.
    pub async fn fill_lokasi_samarinda(&self) {
        self.fill("#wizard-lokasi-jalan", "Jl. Gajah Mada").await;
        self.select("#wizard-lokasi-kabupaten", "64.72").await;
        self.select("#wizard-lokasi-kecamatan", "64.72.01").await;
        self.select("#wizard-lokasi-kelurahan", "64.72.01.1001")
            .await;
    }

    pub async fn wait_screen(&self, screen: &str) {
        self.el(&format!("#app[data-screen=\"{screen}\"]")).await;
    }

    /// Permohonan Izin in the menu, then one of its tabs, each screen awaited: the screen
    /// one leaves may show the same tabs (the wizard does), and a click on its tab while
    /// the menu's screen replaces it would land nowhere.
    pub async fn permohonan_tab(&self, tab: &str, screen: &str) {
        self.click("#nav-permohonan").await;
        self.wait_screen("permohonan").await;
        self.click(tab).await;
        self.wait_screen(screen).await;
    }

    pub async fn close(mut self) {
        let _ = self.c.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A person for the forms.
pub struct Person {
    pub nik: &'static str,
    pub nama: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub tanggal_lahir: &'static str,
    pub jenis_kelamin: &'static str,
    pub no_hp: &'static str,
}

pub const ANI: Person = Person {
    nik: "6472015505900011",
    nama: "Ani Lestari, S.E.",
    email: "ani@example.co.id",
    password: "Kaltim2026",
    tanggal_lahir: "1990-05-15",
    jenis_kelamin: "P",
    no_hp: "081255550001",
};

/// Registers `p` straight through the server's API (for tests about something else).
pub async fn register_via_api(server: &eptsp_server::testkit::TestServer, p: &Person) {
    let http = reqwest::Client::new();
    let before = server.mail.mails().len();
    let res = http
        .post(format!("{}/api/v1/auth/email-code", server.url()))
        .json(&json!({ "email": p.email }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let code = server
        .mail
        .wait_for(p.email, before, Duration::from_secs(5))
        .await
        .and_then(|m| m.code())
        .unwrap();
    let res = http
        .post(format!("{}/api/v1/auth/register", server.url()))
        .json(&json!({
            "nik": p.nik, "npwp": "", "password": p.password, "nama": p.nama,
            "jenis_kelamin": p.jenis_kelamin, "tanggal_lahir": p.tanggal_lahir, "pendidikan": "S1",
            "alamat": "Jl. Juanda No. 7",
            "wilayah": { "provinsi": "64", "kabupaten": "64.72", "kecamatan": "64.72.01", "kelurahan": "64.72.01.1001" },
            "no_hp": p.no_hp, "kode_pos": "75124", "email": p.email, "email_code": code
        }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
}

/// A real notification daemon (dunst) on the session bus, so the tests see the desktop
/// notifications the app sends as a user would: shown by the desktop's notifier. The
/// session bus may already have one (D-Bus starts dunst by itself when an earlier test's
/// app sent a notification): then that one is used, and what it held before is left out.
pub struct Notifier {
    child: Option<Child>,
    /// Notifications up to this id were there before: not this test's.
    since: i64,
    _conf: tempfile::NamedTempFile,
}

/// One notification as the daemon received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub appname: String,
    pub summary: String,
    pub body: String,
}

fn dunstctl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("dunstctl").args(args).output().unwrap();
    assert!(out.status.success(), "dunstctl {args:?}");
    out.stdout
}

fn answers() -> bool {
    Command::new("dunstctl")
        .args(["count", "displayed"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The daemon's history, newest first: (id, notification).
fn history() -> Vec<(i64, Shown)> {
    dunstctl(&["close-all"]);
    let history: serde_json::Value = serde_json::from_slice(&dunstctl(&["history"])).unwrap();
    let field = |n: &serde_json::Value, k: &str| n[k]["data"].as_str().unwrap_or("").to_owned();
    history["data"][0]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|n| {
                    (
                        n["id"]["data"].as_i64().unwrap_or(0),
                        Shown {
                            appname: field(n, "appname"),
                            summary: field(n, "summary"),
                            body: field(n, "body"),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Notifier {
    /// Starts dunst (or takes the one on the bus) and waits until it answers.
    pub fn start() -> Notifier {
        let conf = tempfile::NamedTempFile::new().unwrap();
        let child = (!answers()).then(|| {
            Command::new("dunst")
                .arg("-conf")
                .arg(conf.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start dunst (scripts/deps.sh installs it)")
        });
        let start = Instant::now();
        while !answers() {
            assert!(start.elapsed() < WAIT, "dunst did not come up on the bus");
            std::thread::sleep(Duration::from_millis(50));
        }
        let since = history().iter().map(|(id, _)| *id).max().unwrap_or(0);
        Notifier {
            child,
            since,
            _conf: conf,
        }
    }

    /// Every notification this test's apps showed so far, newest first (closes the ones
    /// on screen into the history).
    pub fn shown(&self) -> Vec<Shown> {
        history()
            .into_iter()
            .filter(|(id, _)| *id > self.since)
            .map(|(_, n)| n)
            .collect()
    }

    /// Waits until exactly one notification is on screen and clicks it (its default
    /// action, as a click on the bubble does); returns it as the daemon kept it.
    pub async fn click_the_one_shown(&self) -> Shown {
        let displayed = || {
            let out = Command::new("dunstctl")
                .args(["count", "displayed"])
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse::<u32>()
                .unwrap_or(0)
        };
        let start = Instant::now();
        while displayed() != 1 {
            assert!(
                start.elapsed() < WAIT,
                "{} notifications on screen, not one",
                displayed()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let ok = Command::new("dunstctl")
            .args(["action", "0"])
            .status()
            .unwrap();
        assert!(ok.success(), "dunstctl action");
        // The one clicked is the newest: every other was closed before it came.
        history()
            .into_iter()
            .filter(|(id, _)| *id > self.since)
            .max_by_key(|(id, _)| *id)
            .map(|(_, n)| n)
            .expect("the clicked notification in the history")
    }

    /// Waits until a notification with `summary` has been shown.
    pub async fn wait_for(&self, summary: &str) -> Shown {
        let start = Instant::now();
        loop {
            if let Some(n) = self.shown().into_iter().find(|n| n.summary == summary) {
                return n;
            }
            assert!(
                start.elapsed() < WAIT,
                "no notification {summary:?}; shown: {:?}",
                self.shown()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        if let Some(c) = &mut self.child {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
