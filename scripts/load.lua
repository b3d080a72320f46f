-- wrk script for scripts/load.sh: POSTs the sample notification, signed and authenticated.
-- BODY_FILE, SIGNATURE and AUTHORIZATION come from the environment (load.sh sets them).
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Signature"] = os.getenv("SIGNATURE")
wrk.headers["Authorization"] = os.getenv("AUTHORIZATION")

