# PostgreSQL 16 (RDS) and Redis 7 (ElastiCache), reachable only from the application
# tasks' security group, with their connection strings in Secrets Manager. The master
# user owns the tables and runs migrations; the migration task creates the
# swarmhost_app and swarmhost_system roles (row-level security applies to the first)
# with APP_DB_PASSWORD, and every long-running process connects as one of those.

# RDS for PostgreSQL 16 requires TLS (rds.force_ssl); node-postgres encrypts without
# checking the Amazon CA chain with sslmode=no-verify (the traffic stays in the VPC).
locals {
  database_name  = "swarmhost"
  master_user    = "swarmhost_owner"
  database_host  = "${aws_db_instance.this.address}:${aws_db_instance.this.port}"
  database_query = "sslmode=no-verify"
  owner_url      = "postgresql://${local.master_user}:${var.database_master_password}@${local.database_host}/${local.database_name}?${local.database_query}"
  app_url        = "postgresql://swarmhost_app:${var.database_roles_password}@${local.database_host}/${local.database_name}?${local.database_query}"
  system_url     = "postgresql://swarmhost_system:${var.database_roles_password}@${local.database_host}/${local.database_name}?${local.database_query}"
  redis_url      = "rediss://:${var.redis_auth_token}@${aws_elasticache_replication_group.this.primary_endpoint_address}:6379"
}

resource "aws_security_group" "database" {
  name        = "${var.name}-postgres"
  description = "PostgreSQL, from the application tasks only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-postgres" })
}

resource "aws_vpc_security_group_ingress_rule" "database_from_tasks" {
  count                        = length(var.client_security_group_ids)
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from application tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.client_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
  tags       = var.tags
}

resource "aws_db_parameter_group" "this" {
  name        = "${var.name}-postgres16"
  family      = "postgres16"
  description = "Swarmhost PostgreSQL 16 settings"
  tags        = var.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Slow statements in the log (the site's targets are tens of milliseconds).
  parameter {
    name  = "log_min_duration_statement"
    value = "250"
  }

  # A connection left in a transaction would hold locks the tracker's flush needs.
  parameter {
    name  = "idle_in_transaction_session_timeout"
    value = "60000"
  }

  parameter {
    name  = "pg_stat_statements.track"
    value = "top"
  }
}

resource "aws_db_instance" "this" {
  identifier                          = var.name
  engine                              = "postgres"
  engine_version                      = "16"
  instance_class                      = var.database_instance_class
  allocated_storage                   = var.database_allocated_storage_gb
  max_allocated_storage               = var.database_max_allocated_storage_gb
  storage_type                        = "gp3"
  storage_encrypted                   = true
  db_name                             = local.database_name
  username                            = local.master_user
  password                            = var.database_master_password
  multi_az                            = var.database_multi_az
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.database.id]
  parameter_group_name                = aws_db_parameter_group.this.name
  publicly_accessible                 = false
  backup_retention_period             = var.database_backup_retention_days
  backup_window                       = "03:00-03:30"
  maintenance_window                  = "sun:04:00-sun:05:00"
  auto_minor_version_upgrade          = true
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.database_deletion_protection
  skip_final_snapshot                 = !var.database_deletion_protection
  final_snapshot_identifier           = "${var.name}-final"
  performance_insights_enabled        = true
  iam_database_authentication_enabled = false
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  tags                                = var.tags
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Redis, from the application tasks only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-redis" })
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_tasks" {
  count                        = length(var.client_security_group_ids)
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from application tasks"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = var.client_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
  tags       = var.tags
}

# BullMQ needs noeviction: an evicted job key would lose a job.
resource "aws_elasticache_parameter_group" "this" {
  name        = "${var.name}-redis7"
  family      = "redis7"
  description = "Swarmhost Redis 7 settings"
  tags        = var.tags

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = var.name
  description                = "Swarmhost Redis (invalidation, live events, BullMQ, sessions)"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = var.redis_node_type
  num_cache_clusters         = var.redis_replicas + 1
  automatic_failover_enabled = var.redis_replicas > 0
  multi_az_enabled           = var.redis_replicas > 0
  parameter_group_name       = aws_elasticache_parameter_group.this.name
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.redis.id]
  port                       = 6379
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
  auth_token_update_strategy = "ROTATE"
  snapshot_retention_limit   = 3
  snapshot_window            = "02:00-03:00"
  maintenance_window         = "sun:05:00-sun:06:00"
  apply_immediately          = false
  tags                       = var.tags
}

resource "aws_secretsmanager_secret" "database" {
  name                    = "${var.name}/database"
  description             = "PostgreSQL connection strings: owner_url (migrations), app_url, system_url, roles_password."
  recovery_window_in_days = var.secret_recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    owner_url      = local.owner_url
    app_url        = local.app_url
    system_url     = local.system_url
    roles_password = var.database_roles_password
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${var.name}/redis"
  description             = "REDIS_URL (TLS, with the AUTH token)."
  recovery_window_in_days = var.secret_recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id     = aws_secretsmanager_secret.redis.id
  secret_string = local.redis_url
}
