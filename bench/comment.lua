-- wrk script: POST a different comment each time (identical comments are refused as
-- duplicates). BENCH_NONCE keeps runs on the same database apart.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local nonce = os.getenv("BENCH_NONCE") or ""
local sent = 0

request = function()
  sent = sent + 1
  local body = string.format(
    '{"body":"Benchmark comment %s-%d: frank talks are better than none.",'
      .. '"author_name":"Reader %d","author_email":"reader%d@example.org"}',
    nonce, sent, sent, sent)
  return wrk.format(nil, nil, nil, body)
end
