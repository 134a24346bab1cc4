// A user's application on the module path: it requires the API only; the JVM binds the backend
// modules on the module path to the API's `uses` (each backend `provides` a BackendProvider).
module fdmux.app {
    requires io.github.fdmux.api;
}
