//! Mounting an endpoint: its declaration (`eptsp_core::endpoints`) gives the method and
//! path, and the roles it admits are checked here, before its handler runs. The API's
//! routes are added only through [`Api::mount`], so no route exists without a declared
//! role; [`Api::mounted`] lists them for the test that compares them with the
//! declarations.

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use eptsp_core::endpoint::{Endpoint, Method};

use crate::AppState;
use crate::auth::session::AuthUser;
use crate::error::ApiError;

/// The API's router, under construction.
pub struct Api {
    state: AppState,
    router: Router<AppState>,
    mounted: Vec<(Method, &'static str)>,
}

impl Api {
    pub fn new(state: AppState) -> Self {
        Api {
            state,
            router: Router::new(),
            mounted: Vec::new(),
        }
    }

    /// Mounts `handler` as endpoint `E`.
    pub fn mount<E, H, T>(self, handler: H) -> Self
    where
        E: Endpoint + 'static,
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.mount_with::<E, H, T>(handler, |r| r)
    }

    /// Mounts `handler` as endpoint `E`, with `layer` applied to its route (a larger body
    /// limit, say).
    pub fn mount_with<E, H, T>(
        mut self,
        handler: H,
        layer: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>,
    ) -> Self
    where
        E: Endpoint + 'static,
        H: Handler<T, AppState>,
        T: 'static,
    {
        use axum::routing::{delete, get, patch, post, put};
        let mut route = match E::METHOD {
            Method::Get => get(handler),
            Method::Post => post(handler),
            Method::Put => put(handler),
            Method::Patch => patch(handler),
            Method::Delete => delete(handler),
        };
        if E::ACCESS.needs_session() {
            route = route.route_layer(from_fn_with_state(self.state.clone(), gate::<E>));
        }
        self.router = self.router.route(E::PATH, layer(route));
        self.mounted.push((E::METHOD, E::PATH));
        self
    }

    /// What has been mounted, in order.
    pub fn mounted(&self) -> &[(Method, &'static str)] {
        &self.mounted
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// Lets a request through to `E`'s handler only with a valid session of a role `E`
/// admits; the session found is handed on, so the handler's `AuthUser` costs no second
/// lookup.
async fn gate<E: Endpoint>(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let user = match AuthUser::from_request_parts(&mut parts, &state).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    if !E::ACCESS.admits(user.role) {
        return ApiError::forbidden().into_response();
    }
    parts.extensions.insert(user);
    next.run(Request::from_parts(parts, body)).await
}
