package org.ostshare.common.schema;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The value types of canonical columns and the Spark type each is stored as. */
public enum ColumnType {
  STRING(DataTypes.StringType),
  /** A code from a {@link CodeSet}; stored as its canonical string. */
  CODE(DataTypes.StringType),
  DATE(DataTypes.DateType),
  INTEGER(DataTypes.IntegerType),
  DECIMAL(DataTypes.DoubleType),
  BOOLEAN(DataTypes.BooleanType);

  private final DataType sparkType;

  ColumnType(DataType sparkType) {
    this.sparkType = sparkType;
  }

  public DataType sparkType() {
    return sparkType;
  }
}
