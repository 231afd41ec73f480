-- Issue #13: one column naming scheme. The canonical activities table used adm1_/adm2_/adm3_ while pipeline
-- tables use admin1_/admin2_/admin3_; renaming in place keeps an existing warehouse's rows.
ALTER TABLE activities RENAME COLUMN adm1_pcode TO admin1_pcode;
ALTER TABLE activities RENAME COLUMN adm1_name TO admin1_name;
ALTER TABLE activities RENAME COLUMN adm2_pcode TO admin2_pcode;
ALTER TABLE activities RENAME COLUMN adm2_name TO admin2_name;
ALTER TABLE activities RENAME COLUMN adm3_pcode TO admin3_pcode;
ALTER TABLE activities RENAME COLUMN adm3_name TO admin3_name;
