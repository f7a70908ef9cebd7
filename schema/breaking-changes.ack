# Reviewed breaking changes of the public API, one line each, exactly as `pnpm schema:check` prints them
# (e.g. `FIELD_REMOVED: Board.color was removed.`). Add a line only after deciding that the clients that
# rely on the old shape (admin, h5, integrators' scripts) are updated or told; say why in the commit.
FIELD_CHANGED_KIND: GatewayHealth.gateway changed type from Gateway! to Gateway.
