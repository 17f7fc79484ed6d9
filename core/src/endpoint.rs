//! What an endpoint of the central server's API is, as a type: its method, path, path
//! arguments, query, body, answer, the roles it admits and the refusals it can give.
//!
//! Every endpoint is declared once, in [`crate::endpoints`]. The server mounts each
//! declaration with its handler (and refuses the wrong role before the handler runs), the
//! OpenAPI document is built from the declarations, and the desktop's HTTP client sends a
//! request from the same type. Adding an endpoint is one declaration plus one handler.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{RefOr, Type};

use crate::Role;

/// The HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: reads, changes nothing.
    Get,
    /// `POST`: creates or acts (submit, claim, sign, …).
    Post,
    /// `PUT`: creates or replaces what the path names.
    Put,
    /// `PATCH`: adds to what the path names (an upload's next bytes).
    Patch,
    /// `DELETE`: removes (withdraws) what the path names.
    Delete,
}

impl Method {
    /// The method as HTTP writes it (`GET`, `POST`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a session.
    Public,
    /// Anyone signed in, whatever their role.
    Signed,
    /// Signed in with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    /// Whether a caller with `role` is admitted (a public endpoint admits everyone).
    pub fn admits(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Signed => true,
            Access::Roles(roles) => roles.contains(&role),
        }
    }

    /// Whether the caller must send a session token (every access but [`Access::Public`]).
    pub fn needs_session(self) -> bool {
        !matches!(self, Access::Public)
    }
}

/// The shape of a body (a request's or an answer's), for the OpenAPI document.
pub enum Shape {
    /// No body.
    Nothing,
    /// JSON of a schema. `name` is set for a named schema (kept among the components and
    /// referred to); `nested` are the schemas it refers to.
    Json {
        /// The component name of a named schema; `None` for a list, written inline.
        name: Option<Cow<'static, str>>,
        /// The schema itself.
        schema: Box<RefOr<Schema>>,
        /// The schemas it refers to, by component name.
        nested: Vec<(String, RefOr<Schema>)>,
    },
    /// Bytes of this content type.
    Raw(&'static str),
}

/// A request or answer body: any JSON schema type, or one of the markers below.
pub trait Body {
    /// How the body appears in the OpenAPI document.
    fn shape() -> Shape;
}

impl<T: utoipa::ToSchema> Body for T {
    fn shape() -> Shape {
        let mut nested = Vec::new();
        T::schemas(&mut nested);
        // A list is written inline (its items refer to their schema); anything else is a
        // named component.
        let named = !std::any::type_name::<T>().starts_with("alloc::vec::Vec<");
        Shape::Json {
            name: named.then(T::name),
            schema: Box::new(T::schema()),
            nested,
        }
    }
}

/// No body: a GET's, or a POST whose path says everything. The client sends `{}` on a
/// method that carries a body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoBody {}

impl Body for NoBody {
    fn shape() -> Shape {
        Shape::Nothing
    }
}

/// Bytes of a file (an attachment, an upload chunk).
pub struct Octets;

impl Body for Octets {
    fn shape() -> Shape {
        Shape::Raw("application/octet-stream")
    }
}

/// A CSV export.
pub struct Csv;

impl Body for Csv {
    fn shape() -> Shape {
        Shape::Raw("text/csv")
    }
}

/// JSON without a fixed schema (the OpenAPI document itself).
pub struct AnyJson;

impl Body for AnyJson {
    fn shape() -> Shape {
        Shape::Raw("application/json")
    }
}

/// A WebSocket: the answer is the upgrade, then frames of [`crate::push::Push`].
pub struct Upgrade;

impl Body for Upgrade {
    fn shape() -> Shape {
        Shape::Nothing
    }
}

/// The query string of an endpoint: a type with `utoipa::IntoParams`, or [`NoQuery`].
pub trait Query: Serialize {
    /// The query's parameters, for the OpenAPI document.
    fn params() -> Vec<Parameter>;
}

impl<T: utoipa::IntoParams + Serialize> Query for T {
    fn params() -> Vec<Parameter> {
        T::into_params(|| Some(ParameterIn::Query))
    }
}

/// No query string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoQuery {}

impl Query for NoQuery {
    fn params() -> Vec<Parameter> {
        Vec::new()
    }
}

/// The arguments a path takes, in the order its `{…}` placeholders appear.
pub trait PathArgs {
    /// The OpenAPI type of each argument.
    fn kinds() -> Vec<Type>;
    /// Each argument as it goes into the path (not yet percent-encoded).
    fn segments(&self) -> Vec<String>;
}

impl PathArgs for () {
    fn kinds() -> Vec<Type> {
        Vec::new()
    }
    fn segments(&self) -> Vec<String> {
        Vec::new()
    }
}

impl PathArgs for String {
    fn kinds() -> Vec<Type> {
        vec![Type::String]
    }
    fn segments(&self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl PathArgs for i32 {
    fn kinds() -> Vec<Type> {
        vec![Type::Integer]
    }
    fn segments(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl PathArgs for i64 {
    fn kinds() -> Vec<Type> {
        vec![Type::Integer]
    }
    fn segments(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

/// One endpoint of the API. Declared with [`crate::endpoints!`], never by hand.
pub trait Endpoint {
    /// Its HTTP method.
    const METHOD: Method;
    /// The path under [`crate::api::API_PREFIX`], with `{name}` placeholders.
    const PATH: &'static str;
    /// Who may call it; the server refuses anyone else before the handler runs.
    const ACCESS: Access;
    /// The group the OpenAPI document lists it under.
    const TAG: &'static str;
    /// What it does, for the OpenAPI document.
    const SUMMARY: &'static str;
    /// The refusals it gives besides those every endpoint of its kind can give (see the
    /// server's `routes::doc`).
    const ERRORS: &'static [u16];
    /// Request headers it reads: (name, what it means).
    const HEADERS: &'static [(&'static str, &'static str)];
    /// The arguments of the path's placeholders.
    type Path: PathArgs;
    /// The query string it reads.
    type Query: Query;
    /// The request body.
    type Body: Body;
    /// The body of a successful answer.
    type Response: Body;
}

/// An endpoint's declaration as a value, to list them all.
#[derive(Clone, Copy)]
pub struct Declared {
    /// The endpoint's type name (`Login`, `Submit`, …).
    pub name: &'static str,
    /// See [`Endpoint::METHOD`].
    pub method: Method,
    /// See [`Endpoint::PATH`].
    pub path: &'static str,
    /// See [`Endpoint::ACCESS`].
    pub access: Access,
    /// See [`Endpoint::TAG`].
    pub tag: &'static str,
    /// See [`Endpoint::SUMMARY`].
    pub summary: &'static str,
    /// See [`Endpoint::ERRORS`].
    pub errors: &'static [u16],
    /// See [`Endpoint::HEADERS`].
    pub headers: &'static [(&'static str, &'static str)],
    /// The OpenAPI types of the path's arguments ([`PathArgs::kinds`]).
    pub path_kinds: fn() -> Vec<Type>,
    /// The query's parameters ([`Query::params`]).
    pub query: fn() -> Vec<Parameter>,
    /// The request body's shape ([`Body::shape`]).
    pub body: fn() -> Shape,
    /// The answer's shape ([`Body::shape`]).
    pub response: fn() -> Shape,
    /// The answer's Rust type, by its full path (`alloc::vec::Vec<eptsp_core::…::QueueItem>`):
    /// the TypeScript binding of the same name describes it to the UI.
    pub response_type: &'static str,
}

impl Declared {
    /// The declaration of endpoint `E`, listed under `name`.
    pub fn of<E: Endpoint>(name: &'static str) -> Declared {
        Declared {
            name,
            method: E::METHOD,
            path: E::PATH,
            access: E::ACCESS,
            tag: E::TAG,
            summary: E::SUMMARY,
            errors: E::ERRORS,
            headers: E::HEADERS,
            path_kinds: <E::Path as PathArgs>::kinds,
            query: <E::Query as Query>::params,
            body: <E::Body as Body>::shape,
            response: <E::Response as Body>::shape,
            response_type: std::any::type_name::<E::Response>(),
        }
    }

    /// The names of the path's placeholders, in order.
    pub fn placeholders(&self) -> Vec<&'static str> {
        placeholders(self.path)
    }
}

/// The names of `path`'s `{…}` placeholders, in order.
pub fn placeholders(path: &'static str) -> Vec<&'static str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// `E`'s path with `args` in its placeholders, each percent-encoded as one segment.
pub fn fill<E: Endpoint>(args: &E::Path) -> String {
    let mut args = args.segments().into_iter();
    E::PATH
        .split('/')
        .map(|s| {
            if s.starts_with('{') {
                encode_segment(&args.next().unwrap_or_default())
            } else {
                s.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes a path argument so that it stays one segment.
fn encode_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Declares endpoints: one line each, read as
/// `Name: METHOD "/path" (PathArgs) ?Query Body -> Answer, access, "tag", [refusals];`
/// with a doc comment saying what it does. Builds a unit type per endpoint implementing
/// [`Endpoint`], and `ALL`, every declaration in order.
#[macro_export]
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident: $method:ident $path:literal ($args:ty) ?$query:ty, $body:ty => $resp:ty,
            $access:expr, $tag:literal, [$($code:literal),*] $(, headers [$(($h:literal, $hd:literal)),*])?;
    )*) => {
        $(
            $(#[doc = $doc])+
            pub struct $name;
            impl $crate::endpoint::Endpoint for $name {
                const METHOD: $crate::endpoint::Method = $crate::endpoint::Method::$method;
                const PATH: &'static str = $path;
                const ACCESS: $crate::endpoint::Access = $access;
                const TAG: &'static str = $tag;
                const SUMMARY: &'static str = concat!($($doc),+);
                const ERRORS: &'static [u16] = &[$($code),*];
                const HEADERS: &'static [(&'static str, &'static str)] = &[$($(($h, $hd)),*)?];
                type Path = $args;
                type Query = $query;
                type Body = $body;
                type Response = $resp;
            }
        )*
        /// Every endpoint, in the order declared.
        pub fn all() -> Vec<$crate::endpoint::Declared> {
            vec![$($crate::endpoint::Declared::of::<$name>(stringify!($name))),*]
        }
    };
}
