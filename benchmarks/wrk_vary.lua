-- Vary wrk's requests for benchmarks/web_throughput.py, then print its JSON report.
-- Arguments after "--": "words" PATH-WITH-%s WORD…  (a search with a word drawn per request)
--                    or "paths" PATH…             (a mix: a path drawn per request).
-- Without arguments every request asks for the URL given to wrk.

local mode, pattern, choices = nil, nil, {}

init = function(args)
  mode = args[1]
  local first = 2
  if mode == "words" then
    pattern, first = args[2], 3
  end
  for i = first, #args do
    choices[#choices + 1] = args[i]
  end
  -- Each thread draws its own sequence.
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 1e6)
end

request = function()
  if mode == "words" then
    local word = choices[math.random(#choices)]
    return wrk.format(nil, string.format(pattern, word))
  elseif mode == "paths" then
    return wrk.format(nil, choices[math.random(#choices)])
  end
  return wrk.format(nil)
end

dofile(os.getenv("WRK_REPORT"))
