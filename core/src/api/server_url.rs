//! The rule for the server address a desktop is pointed at: no password or dossier may
//! cross a network in clear text.

/// The message for a server address that would send the user's data unencrypted.
pub const SERVER_URL_NOT_HTTPS: &str =
    "Alamat server di luar komputer ini harus memakai https:// agar data Anda terlindungi";

/// Checks a server address the desktop is pointed at: `https://` for any server, or
/// `http://` to this computer itself (loopback: a development server, a local proxy). A
/// password and a dossier never cross a network in clear text.
pub fn check_server_url(url: &str) -> Result<(), &'static str> {
    let url = url.trim();
    let (secure, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("Alamat server harus berupa URL http:// atau https://");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err("Alamat server harus berupa URL http:// atau https://");
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if secure || loopback {
        Ok(())
    } else {
        Err(SERVER_URL_NOT_HTTPS)
    }
}

#[cfg(test)]
mod server_url_tests {
    use super::{SERVER_URL_NOT_HTTPS, check_server_url};

    #[test]
    fn only_https_leaves_this_computer() {
        for ok in [
            "https://eptsp.kaltimprov.go.id",
            "https://10.0.0.5:8443/",
            "http://127.0.0.1:8787",
            "http://localhost:8787/",
            "http://[::1]:8787",
            "http://127.8.9.10",
        ] {
            assert_eq!(check_server_url(ok), Ok(()), "{ok}");
        }
        for plain in [
            "http://eptsp.kaltimprov.go.id",
            "http://192.168.1.20:8787",
            "http://[2001:db8::1]:80",
            // Loopback in the user part only.
            "http://127.0.0.1@evil.example",
            "http://localhost.evil.example",
        ] {
            assert_eq!(
                check_server_url(plain),
                Err(SERVER_URL_NOT_HTTPS),
                "{plain}"
            );
        }
        assert!(check_server_url("ftp://x").is_err());
        assert!(check_server_url("https://").is_err());
    }
}
