//! Where the object store is and how to sign in to it: `EPTSP_S3_URL`, read into an
//! [`S3Config`].

/// Where the bucket is and how to sign in to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Config {
    /// The S3 API's address, e.g. `http://127.0.0.1:3900`.
    pub endpoint: String,
    pub bucket: String,
    /// The region the store signs with (Garage's default is `garage`).
    pub region: String,
    pub key_id: String,
    pub secret: String,
    /// A folder in the bucket under which everything is kept (empty: the bucket's top).
    pub prefix: String,
}

impl S3Config {
    /// Reads `http[s]://KEY_ID:SECRET@host:port/bucket[/prefix]`, the form of
    /// `EPTSP_S3_URL`, with `region` beside it.
    pub fn from_url(url: &str, region: &str) -> anyhow::Result<S3Config> {
        let u = url::Url::parse(url).map_err(|e| anyhow::anyhow!("EPTSP_S3_URL: {e}"))?;
        if !matches!(u.scheme(), "http" | "https") {
            anyhow::bail!("EPTSP_S3_URL must start with http:// or https://");
        }
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let (key_id, secret) = (decode(u.username()), decode(u.password().unwrap_or("")));
        if key_id.is_empty() || secret.is_empty() {
            anyhow::bail!("EPTSP_S3_URL must carry the key: http://KEY_ID:SECRET@host:port/bucket");
        }
        let mut path = u.path().trim_matches('/').splitn(2, '/');
        let bucket = path.next().unwrap_or("").to_owned();
        if bucket.is_empty() {
            anyhow::bail!(
                "EPTSP_S3_URL must name the bucket: http://KEY_ID:SECRET@host:port/bucket"
            );
        }
        let host = u.host_str().unwrap_or("");
        let endpoint = match u.port() {
            Some(p) => format!("{}://{host}:{p}", u.scheme()),
            None => format!("{}://{host}", u.scheme()),
        };
        Ok(S3Config {
            endpoint,
            bucket,
            region: region.to_owned(),
            key_id,
            secret,
            prefix: path.next().unwrap_or("").to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::S3Config;

    #[test]
    fn the_s3_url_names_the_endpoint_the_key_the_bucket_and_a_folder() {
        let c = S3Config::from_url(
            "http://GKabc:s%2Fcret@127.0.0.1:3900/eptsp/kantor-a",
            "garage",
        )
        .unwrap();
        assert_eq!(
            c,
            S3Config {
                endpoint: "http://127.0.0.1:3900".into(),
                bucket: "eptsp".into(),
                region: "garage".into(),
                key_id: "GKabc".into(),
                secret: "s/cret".into(),
                prefix: "kantor-a".into(),
            }
        );
        for bad in [
            "ftp://k:s@h/b",
            "http://127.0.0.1:3900/eptsp",
            "http://k:s@127.0.0.1:3900/",
            "bukan url",
        ] {
            assert!(S3Config::from_url(bad, "garage").is_err(), "{bad}");
        }
    }
}
