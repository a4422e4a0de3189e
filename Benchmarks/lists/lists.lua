-- wrk script of the list benchmark (run-lists.sh): POST card/consume/list over the seeded records.
-- LISTS_MODE: first (page 0), cursor (the page after a random seeded record, as a merchant walking
-- by next_cursor would ask for it), deep (page LISTS_PAGE by offset). Size 10, UTC, the whole
-- seeded range (LISTS_START_DATE … LISTS_END_DATE).
local mode = os.getenv("LISTS_MODE") or "first"
local api_key = os.getenv("LISTS_API_KEY")
local token = os.getenv("LISTS_TOKEN")
local records = tonumber(os.getenv("LISTS_RECORDS"))
local start_ms = tonumber(os.getenv("LISTS_START_MS"))
local step_ms = tonumber(os.getenv("LISTS_STEP_MS"))
local page = os.getenv("LISTS_PAGE") or "0"
local range = '"start_time": "' .. os.getenv("LISTS_START_DATE") .. '", "end_time": "' .. os.getenv("LISTS_END_DATE") .. '"'

-- What the server's next_cursor would say after record n: hex of "1.<time>.<number>".
local function cursor_after(n)
    local plain = "1." .. string.format("%.0f", start_ms + n * step_ms) .. "." .. string.format("E%020d", n)
    return (plain:gsub(".", function(c) return string.format("%02x", string.byte(c)) end))
end

request = function()
    local headers = {
        ["Api-Key"] = api_key,
        ["Access-Token"] = token,
        ["Timestamp"] = string.format("%.0f", os.time() * 1000),
        ["Content-Type"] = "application/json",
        ["Timezone"] = "UTC",
    }
    local body
    if mode == "cursor" then
        body = '{' .. range .. ', "size": 10, "cursor": "' .. cursor_after(math.random(10, records - 1)) .. '"}'
    elseif mode == "deep" then
        body = '{' .. range .. ', "size": 10, "page": ' .. page .. '}'
    else
        body = '{' .. range .. ', "size": 10, "page": 0}'
    end
    return wrk.format("POST", "/open-api/v1/card/consume/list", headers, body)
end

local failures = 0
response = function(status, headers, body)
    if not body:find('"code":0', 1, true) then
        failures = failures + 1
        if failures == 1 then print("lua: first failure: " .. body:sub(1, 200)) end
    end
end

done = function(summary, latency, requests)
    print(string.format("lua: %d answers that were not code 0", failures))
end
