# Meilisearch as one ECS task with its index on EFS. One task only: Meilisearch keeps
# its data in one LMDB environment that two processes must not open, so a deployment
# stops the old task before the new one starts (a short search outage; the site falls
# back to an error message, uploads keep flowing through the outbox and are indexed
# when it is back).

locals {
  port = 7700
}

resource "aws_security_group" "meilisearch" {
  name        = "${var.name}-meilisearch"
  description = "Meilisearch, from the application tasks only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-meilisearch" })
}

resource "aws_vpc_security_group_ingress_rule" "meilisearch_from_tasks" {
  count                        = length(var.client_security_group_ids)
  security_group_id            = aws_security_group.meilisearch.id
  description                  = "Meilisearch from application tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = var.client_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "meilisearch_all" {
  security_group_id = aws_security_group.meilisearch.id
  description       = "Image pulls, EFS, Secrets Manager"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_security_group" "efs" {
  name        = "${var.name}-meilisearch-efs"
  description = "NFS from the Meilisearch task only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-meilisearch-efs" })
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_meilisearch" {
  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from Meilisearch"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.meilisearch.id
  tags                         = var.tags
}

resource "aws_efs_file_system" "this" {
  creation_token   = "${var.name}-meilisearch"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"
  tags             = merge(var.tags, { Name = "${var.name}-meilisearch" })
}

resource "aws_efs_mount_target" "this" {
  count           = length(var.private_subnet_ids)
  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = var.private_subnet_ids[count.index]
  security_groups = [aws_security_group.efs.id]
}

resource "aws_efs_access_point" "this" {
  file_system_id = aws_efs_file_system.this.id
  tags           = var.tags

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/meili_data"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "0750"
    }
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}/meilisearch"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_region" "current" {}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-meilisearch"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory_mib
  execution_role_arn       = var.execution_role_arn
  tags                     = var.tags

  volume {
    name = "meili-data"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.this.id
      transit_encryption = "ENABLED"
      authorization_config {
        access_point_id = aws_efs_access_point.this.id
        iam             = "DISABLED"
      }
    }
  }

  container_definitions = jsonencode([
    {
      name         = "meilisearch"
      image        = var.image
      essential    = true
      portMappings = [{ containerPort = local.port, protocol = "tcp" }]
      environment = [
        { name = "MEILI_ENV", value = "production" },
        { name = "MEILI_DB_PATH", value = "/meili_data/data.ms" },
        { name = "MEILI_NO_ANALYTICS", value = "true" },
      ]
      secrets     = [{ name = "MEILI_MASTER_KEY", valueFrom = var.master_key_secret_arn }]
      mountPoints = [{ sourceVolume = "meili-data", containerPath = "/meili_data", readOnly = false }]
      healthCheck = {
        command     = ["CMD-SHELL", "curl -fsS http://127.0.0.1:${local.port}/health || exit 1"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.region
          awslogs-stream-prefix = "meilisearch"
        }
      }
    }
  ])
}

resource "aws_service_discovery_service" "this" {
  name = "meilisearch"
  tags = var.tags

  dns_config {
    namespace_id   = var.namespace_id
    routing_policy = "MULTIVALUE"
    dns_records {
      type = "A"
      ttl  = 10
    }
  }
}

resource "aws_ecs_service" "this" {
  name                               = "meilisearch"
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"
  tags                               = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.meilisearch.id]
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.this.arn
  }

  depends_on = [aws_efs_mount_target.this]
}
