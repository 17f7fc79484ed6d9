//! Settings (server address, printer) and half-filled forms kept across restarts.

use crate::error::CommandError;
use crate::store::{self, Store};
use eptsp_core::api::FieldError;

use super::{AppStatus, Backend, CmdResult};

impl Backend {
    /// Points the app at another server; the URL must be http(s).
    pub async fn set_server(&self, url: &str) -> CmdResult<AppStatus> {
        let url = url.trim().trim_end_matches('/');
        let refused = |code, message| {
            Err(CommandError::fields(vec![FieldError::custom(
                "server_url",
                code,
                message,
            )]))
        };
        if !reqwest::Url::parse(url).is_ok_and(|u| u.host().is_some()) {
            return refused(
                "url_format",
                "Alamat server harus berupa URL http:// atau https://",
            );
        }
        if let Err(message) = eptsp_core::api::check_server_url(url) {
            return refused("url_insecure", message);
        }
        store::settings::set(&self.device, "server_url", url).await?;
        self.api.set_base(url);
        self.check_connectivity().await;
        self.status().await
    }

    /// Where Cetak goes: a named printer (empty: the system default) on a print server
    /// (empty: this computer's own spooler).
    pub async fn printer(&self) -> CmdResult<crate::print::PrinterChoice> {
        Ok(crate::print::PrinterChoice {
            name: store::settings::get(&self.device, "printer")
                .await?
                .unwrap_or_default(),
            server: store::settings::get(&self.device, "print_server")
                .await?
                .unwrap_or_default(),
        })
    }

    pub async fn set_printer(&self, p: crate::print::PrinterChoice) -> CmdResult<AppStatus> {
        let p = crate::print::PrinterChoice {
            name: p.name.trim().to_owned(),
            server: p.server.trim().to_owned(),
        };
        let mut bad = Vec::new();
        if p.name.starts_with('-')
            || p.name
                .chars()
                .any(|c| c.is_whitespace() || c == '/' || c == '#')
        {
            bad.push(FieldError::custom(
                "printer",
                "printer_name",
                "Nama printer tidak boleh diawali - atau mengandung spasi, / dan #",
            ));
        }
        if !p.server.is_empty() && !crate::print::valid_print_server(&p.server) {
            bad.push(FieldError::custom(
                "print_server",
                "print_server",
                "Server cetak ditulis sebagai host atau host:port, misalnya 10.1.2.3:631",
            ));
        }
        if !bad.is_empty() {
            return Err(CommandError::fields(bad));
        }
        store::settings::set(&self.device, "printer", &p.name).await?;
        store::settings::set(&self.device, "print_server", &p.server).await?;
        self.status().await
    }

    /// Forms typed before signing in belong to the device; the others to the account.
    pub(super) fn forms_store(&self, form: &str) -> CmdResult<Store> {
        if crate::account::DEVICE_FORMS.contains(&form) {
            Ok(self.device.clone())
        } else {
            self.store()
        }
    }

    pub async fn forms_load(&self, form: &str) -> CmdResult<Option<serde_json::Value>> {
        Ok(store::forms::load(&self.forms_store(form)?, form).await?)
    }

    pub async fn forms_save(&self, form: &str, data: &serde_json::Value) -> CmdResult<()> {
        Ok(store::forms::save(&self.forms_store(form)?, form, data).await?)
    }

    pub async fn forms_clear(&self, form: &str) -> CmdResult<()> {
        Ok(store::forms::clear(&self.forms_store(form)?, form).await?)
    }
}
