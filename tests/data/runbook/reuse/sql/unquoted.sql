-- a comment
SELECT *
  FROM {{ vars.table }} WHERE {{ nodes.db.prot | literal }} > 0;
