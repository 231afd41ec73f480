-- depends: risk_response
-- One row per quarter × admin1/admin2 area × risk rated 4 or 5 where no partner reports a matching
-- activity in the quarter (the matching rule is risk_response's: the risk's AoRs from config
-- pau.riskResponse, default the AoRs "most concerned", and its activity names if listed).
-- reason: why it is a gap; says so when no 5W at all is loaded for the quarter (then every area is one).
SELECT quarter, area_pcode, area_level, admin1_pcode, risk_key, risk_number, risk_short, level, trend, response_aors,
       CASE WHEN five_w_loaded
            THEN 'rated ' || level || ' and no partner reports a ' || response_aors || ' activity for it in the quarter'
            ELSE 'rated ' || level || '; no 5W loaded for the quarter'
       END AS reason
FROM risk_response
WHERE partners = 0
ORDER BY quarter, level DESC, risk_number, area_pcode
