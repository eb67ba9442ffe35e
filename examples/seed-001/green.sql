-- Seed 001's change on green, verbatim: the foreign key dropped, both sides widened to BIGINT, the key back.
ALTER TABLE joinit DROP FOREIGN KEY joinit_ibfk_1;
ALTER TABLE joinit MODIFY COLUMN g bigint NOT NULL;
ALTER TABLE joinit_fk MODIFY COLUMN i bigint NOT NULL;
ALTER TABLE joinit ADD CONSTRAINT joinit_ibfk_1 FOREIGN KEY (`g`) REFERENCES `joinit_fk` (`i`) ON DELETE RESTRICT ON UPDATE CASCADE;
