//! The OpenAPI document, built from the endpoints' declarations (`eptsp_core::endpoints`)
//! rather than written beside each handler: a path, its arguments, query, body, answer,
//! security and refusals are read from the one place they are declared.

use eptsp_core::api::API_PREFIX;
use eptsp_core::endpoint::{Declared, Method, Shape};
use utoipa::Modify;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Ref};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr, Required,
    ResponseBuilder,
};

/// The document the server publishes at `/api/v1/openapi.json`.
pub struct ApiDoc;

impl ApiDoc {
    pub fn openapi() -> OpenApi {
        let mut doc = OpenApiBuilder::new()
            .info(
                InfoBuilder::new()
                    .title("E-PTSP Kalimantan Timur API")
                    .description(Some("Central server of the E-PTSP desktop application"))
                    .version(env!("CARGO_PKG_VERSION"))
                    .build(),
            )
            .paths(PathsBuilder::new().build())
            .build();
        // Every refusal's body.
        content(
            &mut doc,
            <eptsp_core::api::ApiErrorBody as eptsp_core::endpoint::Body>::shape(),
        );
        for d in eptsp_core::endpoints::all() {
            add(&mut doc, &d);
        }
        BearerAuth.modify(&mut doc);
        CommonAnswers.modify(&mut doc);
        doc
    }
}

fn http_method(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
    }
}

/// The content of a body of `shape`, registering the schemas it names.
fn content(doc: &mut OpenApi, shape: Shape) -> Option<(String, utoipa::openapi::Content)> {
    match shape {
        Shape::Nothing => None,
        Shape::Raw(kind) => Some((kind.to_owned(), ContentBuilder::new().build())),
        Shape::Json {
            name,
            schema,
            nested,
        } => {
            let components = doc.components.get_or_insert_with(Default::default);
            for (n, s) in nested {
                components.schemas.entry(n).or_insert(s);
            }
            let schema = match name {
                Some(name) => {
                    components
                        .schemas
                        .entry(name.to_string())
                        .or_insert(*schema);
                    RefOr::Ref(Ref::from_schema_name(name))
                }
                None => *schema,
            };
            Some((
                "application/json".to_owned(),
                ContentBuilder::new().schema(Some(schema)).build(),
            ))
        }
    }
}

fn add(doc: &mut OpenApi, d: &Declared) {
    let mut op = OperationBuilder::new()
        .operation_id(Some(d.name))
        .tag(d.tag)
        .summary(Some(d.summary.trim()));
    let params: Vec<Parameter> = d
        .placeholders()
        .into_iter()
        .zip((d.path_kinds)())
        .map(|(name, kind)| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(ObjectBuilder::new().schema_type(kind)))
                .build()
        })
        .chain((d.query)())
        .chain(d.headers.iter().map(|(name, what)| {
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(*what))
                .schema(Some(
                    ObjectBuilder::new().schema_type(utoipa::openapi::Type::String),
                ))
                .build()
        }))
        .collect();
    op = op.parameters(Some(params));
    if let Some((kind, c)) = content(doc, (d.body)()) {
        op = op.request_body(Some(
            RequestBodyBuilder::new()
                .content(kind, c)
                .required(Some(Required::True))
                .build(),
        ));
    }
    let mut ok = ResponseBuilder::new().description("Done");
    if let Some((kind, c)) = content(doc, (d.response)()) {
        ok = ok.content(kind, c);
    }
    op = op.response("200", ok.build());
    for code in d.errors {
        let response = if *code == 304 {
            ResponseBuilder::new()
                .description("Unchanged since the version given")
                .build()
        } else {
            ResponseBuilder::new()
                .description(refusal(*code))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                        .build(),
                )
                .build()
        };
        op = op.response(code.to_string(), response);
    }
    if d.access.needs_session() {
        op = op.security(SecurityRequirement::new("bearer", Vec::<String>::new()));
    }
    doc.paths.add_path_operation(
        format!("{API_PREFIX}{}", d.path),
        vec![http_method(d.method)],
        op.build(),
    );
}

/// What a refusal an endpoint declares means.
fn refusal(code: u16) -> &'static str {
    match code {
        401 => "Wrong credentials or no valid session",
        403 => "The account is blocked or not yet allowed",
        404 => "Nothing has this id",
        409 => "The state does not allow it (already done, taken by someone else, in use)",
        429 => "Too many attempts; see Retry-After",
        507 => "The file store is full",
        _ => "Refused",
    }
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Adds to every operation the answers every endpoint of its kind can give: 503 (a part
/// it needs is down or saturated) and 422 (a NUL in the path or the query) for all; 404
/// where the path names something; 401 and 403 where a session is needed; 400 and 413
/// where a body is read. What only some endpoints answer (409, 429, 507, …) is declared
/// with them. Schemathesis checks that the document lists every status a route gives.
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::Ref;
        use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in &mut openapi.paths.paths {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let mut add = |code: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description));
                };
                add("422", "A field (or the path, or the query) is not valid");
                add(
                    "503",
                    "The database or the password workers are unavailable; see Retry-After",
                );
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "No valid session");
                    add(
                        "403",
                        "The role may not use this endpoint, or the account is blocked",
                    );
                }
                if op.request_body.is_some() {
                    add("400", "The body is not what the endpoint takes");
                    add("413", "The body is too large");
                }
                if path.contains('{') {
                    add("404", "Nothing has this id");
                }
            }
        }
    }
}
