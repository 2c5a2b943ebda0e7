-- Argo CD health check for waflows.dev/FlowsEncryptionKey (Argo CD runs it with Lua 5.1).
-- Install: the body of resource.customizations.health.waflows.dev_FlowsEncryptionKey in
-- argocd-cm (see argocd-cm-patch.yaml). Reads the same conditions kstatus (Flux) reads:
--   paused (annotation or Paused=True)          -> Suspended
--   no status, or status for an older generation -> Progressing (waiting for the operator)
--   Stalled=True (only a person can fix it)     -> Degraded (KeyContested, EndpointCannotDecrypt, ...)
--   Ready=True (a rotation keeps Ready True)     -> Healthy (also while a key waits for the endpoint)
--   Reconciling=True, or Ready False/Unknown     -> Progressing (transient: retried by itself)
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

-- "Reason: message", or whichever of the two is set.
local function describe(c, fallback)
  if c == nil then
    return fallback
  end
  local reason = c.reason or ""
  local message = c.message or ""
  if reason ~= "" and message ~= "" then
    return reason .. ": " .. message
  end
  if reason ~= "" then
    return reason
  end
  if message ~= "" then
    return message
  end
  return fallback
end

local annotations = (obj.metadata ~= nil and obj.metadata.annotations) or {}
local paused = condition("Paused")
if annotations["waflows.dev/paused"] == "true" or isTrue(paused) then
  hs.status = "Suspended"
  hs.message = describe(paused,
    "Paused by the waflows.dev/paused annotation: no Graph call and no Secret write")
  return hs
end

local generation = obj.metadata ~= nil and obj.metadata.generation or nil
local observed = obj.status ~= nil and obj.status.observedGeneration or nil
if observed == nil or (generation ~= nil and observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. tostring(generation or "")
  return hs
end

local ready = condition("Ready")
local stalled = condition("Stalled")
local reconciling = condition("Reconciling")

if isTrue(stalled) then
  hs.status = "Degraded"
  if (stalled.message or "") ~= "" then
    hs.message = describe(stalled)
  else
    hs.message = describe(ready, describe(stalled))
  end
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  if isTrue(reconciling) and reconciling.reason == "Rotating" then
    hs.message = "Key rotation under way; every number still holds a key the Secret has. "
      .. describe(reconciling, "")
  elseif isTrue(reconciling) and reconciling.reason == "WaitingForEndpoint" then
    hs.message = "A new key waits for the endpoint to open it; every number still holds a key"
      .. " the Secret has. " .. describe(reconciling, "")
  else
    hs.message = describe(ready, "Ready")
  end
  return hs
end

hs.status = "Progressing"
if isTrue(reconciling) then
  hs.message = describe(reconciling, describe(ready, "Reconciling"))
else
  hs.message = describe(ready, "Waiting for the operator to report Ready")
end
return hs
